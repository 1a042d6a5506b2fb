/** The upload form's small multipart reader: the named file's bytes exactly, and refusals of what is not multipart. */
import { multipartFile } from '../../api/pages/multipart';

const CRLF = '\r\n';
function body(boundary: string, parts: Array<{ name: string; filename?: string; data: Buffer | string }>): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}${CRLF}${disposition}${CRLF}Content-Type: application/octet-stream${CRLF}${CRLF}`), Buffer.from(p.data), Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(chunks);
}

test('returns the named field\'s bytes exactly, binary and CRLFs included, after other fields', () => {
  const archive = Buffer.from([0x1f, 0x8b, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
  const raw = body('XyZ', [{ name: 'note', data: 'hello' }, { name: 'package', filename: 'p.tgz', data: archive }]);
  expect(multipartFile(raw, 'multipart/form-data; boundary=XyZ', 'package')).toEqual(archive);
  expect(multipartFile(raw, 'multipart/form-data; boundary="XyZ"', 'package')).toEqual(archive);
});

test('an absent or empty field is undefined', () => {
  expect(multipartFile(body('b1', [{ name: 'other', data: 'x' }]), 'multipart/form-data; boundary=b1', 'package')).toBeUndefined();
  expect(multipartFile(body('b1', [{ name: 'package', filename: '', data: '' }]), 'multipart/form-data; boundary=b1', 'package')).toBeUndefined();
});

test('a body without a boundary, or not framed by it, is refused with invalid_form', () => {
  expect(() => multipartFile(Buffer.from('x'), 'multipart/form-data', 'package')).toThrow(expect.objectContaining({ code: 'invalid_form' }));
  expect(() => multipartFile(Buffer.from('no parts here'), 'multipart/form-data; boundary=b2', 'package')).toThrow(expect.objectContaining({ code: 'invalid_form' }));
});

test('stops after a few parts instead of scanning a body of many', () => {
  const many = body('b3', [...Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: 'x' })), { name: 'package', data: 'late' }]);
  expect(multipartFile(many, 'multipart/form-data; boundary=b3', 'package')).toBeUndefined();
});
