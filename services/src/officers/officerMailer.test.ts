import { ConfigError, nodeConfigFromEnvironment, parseNodeConfig } from '@djnet/shared';
import { createOfficerMailer } from './officerMailer';

const CITY = { code: 'laibin', name: '来宾市党建网', tier: 'city', port: 0 };

describe('officer e-mail configuration', () => {
  it('is off by default: no mailer, reminders stay in-system', () => {
    const config = parseNodeConfig(CITY);
    expect(config).toMatchObject({ smtpEnabled: false, smtpPort: 587, smtpSecure: false });
    expect(createOfficerMailer(config)).toBeNull();
  });

  it('reads the SMTP fields from the environment and builds a mailer', () => {
    const config = nodeConfigFromEnvironment({
      DJNET_CODE: 'laibin',
      DJNET_NAME: '来宾市党建网',
      DJNET_TIER: 'city',
      DJNET_PORT: '0',
      DJNET_SMTP_ENABLED: 'true',
      DJNET_SMTP_HOST: 'smtp.example.cn',
      DJNET_SMTP_PORT: '465',
      DJNET_SMTP_SECURE: '1',
      DJNET_SMTP_USER: 'dangjian',
      DJNET_SMTP_PASSWORD: 'secret',
      DJNET_SMTP_FROM: '来宾市党建网 <dangjian@example.cn>',
    });
    expect(config).toMatchObject({ smtpEnabled: true, smtpHost: 'smtp.example.cn', smtpPort: 465, smtpSecure: true, smtpUser: 'dangjian' });
    expect(createOfficerMailer(config)).toEqual(expect.any(Function));
  });

  it('refuses e-mail switched on without a host, and a bad port, with a clear message', () => {
    expect(() => parseNodeConfig({ ...CITY, smtpEnabled: true })).toThrow(ConfigError);
    expect(() => parseNodeConfig({ ...CITY, smtpEnabled: true })).toThrow(/smtpHost/);
    expect(() => parseNodeConfig({ ...CITY, smtpEnabled: true, smtpHost: 'smtp.example.cn', smtpPort: 70000 })).toThrow(/smtpPort/);
  });

  it('sends through the transport it is given (nodemailer’s JSON transport here)', async () => {
    const mailer = createOfficerMailer(parseNodeConfig(CITY), { jsonTransport: true })!;
    await expect(mailer('wei@example.cn', '催报', '请及时报送')).resolves.toBeUndefined();
  });
});
