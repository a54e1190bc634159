/** A browser without JavaScript: keeps the session cookie, reads the form token from the pages. */
export class FormClient {
  private cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}

  private remember(response: Response, text: string) {
    const set = response.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair!.startsWith('djnet_admin=')) this.cookie = pair!.endsWith('=') ? '' : pair!;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
  }

  async get(path: string) {
    const response = await fetch(`${this.base}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {}, redirect: 'manual' });
    const text = await response.text();
    this.remember(response, text);
    return { status: response.status, text, location: response.headers.get('location'), headers: response.headers };
  }

  async post(path: string, form: Record<string, string>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: this.csrf }), ...form });
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body,
      redirect: 'manual',
    });
    const text = await response.text();
    this.remember(response, text);
    return { status: response.status, text, location: response.headers.get('location'), headers: response.headers };
  }

  /** Sends a multipart form as a browser does for a form with a file input (the token is added unless given). */
  async postMultipart(path: string, form: FormData) {
    if (!form.has('_csrf')) form.set('_csrf', this.csrf);
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: this.cookie ? { cookie: this.cookie } : {},
      body: form,
      redirect: 'manual',
    });
    const text = await response.text();
    this.remember(response, text);
    return { status: response.status, text, location: response.headers.get('location'), headers: response.headers };
  }

  /** A download: the raw response (e.g. a DOCX), with the session cookie. */
  raw(path: string) {
    return fetch(`${this.base}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {}, redirect: 'manual' });
  }

  async login(username: string, password = 'dangjian2024') {
    const r = await this.post('/admin/login', { username, password }, { csrf: false });
    if (r.status !== 303) throw new Error(`login as ${username} failed: ${r.status}`);
    await this.get('/admin');
    return r;
  }
}
