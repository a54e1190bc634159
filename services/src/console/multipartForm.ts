import busboy from 'busboy';
import type { Request } from 'express';
import { badInput } from '@djnet/shared';

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  file: UploadedFile | null;
}

export interface MultipartLimits {
  /** Largest file accepted, in bytes (a larger one is refused by the field it came in). */
  fileBytes: number;
  fieldBytes?: number;
  fields?: number;
}

/**
 * Reads a `multipart/form-data` form (busboy): its text fields and at most one file, all in memory within the
 * limits. An empty file input counts as no file. Too large or malformed → BAD_USER_INPUT naming the field.
 */
export function readMultipartForm(req: Request, limits: MultipartLimits): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send a file's name as raw UTF-8 bytes; busboy would read them as Latin-1 (推进会.png → æ¨è¿ä¼.png).
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: limits.fileBytes, fields: limits.fields ?? 30, fieldSize: limits.fieldBytes ?? 1024 * 1024 },
      });
    } catch {
      reject(badInput('表单格式不正确'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let failure: Error | null = null;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= badInput('内容过长', { field: name });
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure ??= badInput(`文件过大（最大 ${Math.round(limits.fileBytes / 1024 / 1024)} MB）`, { field: name });
      });
      stream.on('close', () => {
        const bytes = Buffer.concat(chunks);
        if (bytes.length > 0 && info.filename) file = { field: name, filename: info.filename, mimeType: info.mimeType, bytes };
      });
    });
    parser.on('error', () => reject(badInput('表单格式不正确')));
    parser.on('close', () => (failure ? reject(failure) : resolve({ fields, file })));
    req.pipe(parser);
  });
}

export function isMultipart(req: Request): boolean {
  return /^multipart\/form-data/i.test(req.get('content-type') ?? '');
}
