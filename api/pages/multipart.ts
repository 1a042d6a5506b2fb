import { AppError } from '../../core/platform/app-error';

/** At most this many parts are looked at: the upload form has one file field. */
const MAX_PARTS = 8;

/** The `boundary` parameter of a `multipart/form-data` content type, or undefined. */
function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * The bytes of one named file field of a `multipart/form-data` body (already read, and so bounded, by the caller):
 * a small parser for the upload form, not a general one. At most `MAX_PARTS` parts are read; undefined when the field
 * is absent or empty. 400 `invalid_form` when the body is not multipart as its content type says.
 */
export function multipartFile(body: Buffer, contentType: string | undefined, field: string): Buffer | undefined {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new AppError(400, 'invalid_form', 'The form must be sent as multipart/form-data.');
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  for (let part = 0; at >= 0 && part < MAX_PARTS; part++) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString('latin1') === '--') return undefined;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (headersEnd < 0 || next < 0) break;
    const headers = body.subarray(start, headersEnd).toString('utf8');
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (name === field) {
      const data = body.subarray(headersEnd + 4, next);
      return data.length > 0 ? Buffer.from(data) : undefined;
    }
    at = next + 2;
  }
  if (at < 0) throw new AppError(400, 'invalid_form', 'The form body is not valid multipart/form-data.');
  return undefined;
}
