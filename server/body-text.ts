/**
 * Request bodies as text, decoded strictly: UTF-8 (the default) or GB18030 —
 * the two encodings transcripts come in. Bytes that are not valid in the
 * declared charset are a 400, never silently replaced with U+FFFD; any other
 * charset is a 415 (honouring latin1 or utf-7 would let one call be read, and
 * scored, several ways).
 */
import express, { type RequestHandler } from 'express';
import { ApiError } from './errors.js';

const CHARSETS: Record<string, 'utf-8' | 'gb18030'> = { 'utf-8': 'utf-8', utf8: 'utf-8', gb18030: 'gb18030' };

/** The charset parameter of a Content-Type, lower case, unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match?.[2].toLowerCase();
}

/** Sets `req.body` to the decoded text of the body (size-limited by `limit`). */
export function decodedTextBody(limit: string | number): RequestHandler[] {
  const checkCharset: RequestHandler = (req, _res, next) => {
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== undefined && !CHARSETS[charset]) {
      throw new ApiError(415, 'unsupported_media_type', `charset "${charset.slice(0, 40)}" is not accepted: send utf-8 (the default) or gb18030`);
    }
    next();
  };
  const decode: RequestHandler = (req, _res, next) => {
    const encoding = CHARSETS[charsetOf(req.headers['content-type']) ?? 'utf-8'];
    const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    try {
      req.body = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      throw new ApiError(400, 'invalid_encoding', `the body is not valid ${encoding.toUpperCase()} text${encoding === 'utf-8' ? '; a GB18030 body needs "; charset=gb18030"' : ''}`);
    }
    next();
  };
  return [checkCharset, express.raw({ type: () => true, limit }), decode];
}
