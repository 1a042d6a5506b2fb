/**
 * Every stable error code the API answers with (`{ error: { code } }`), for the OpenAPI document's enum and for
 * integrators. `test/unit/error-codes.test.ts` checks that every code in the source is listed here.
 */
export const ERROR_CODES = [
  // requests
  'invalid_json', 'validation_failed', 'payload_too_large', 'unsupported_media_type', 'unsupported_encoding', 'unsupported_charset',
  'request_aborted', 'bad_request', 'route_not_found', 'method_not_allowed', 'invalid_idempotency_key', 'idempotency_key_reused',
  // who may
  'unauthenticated', 'forbidden', 'cross_origin_form',
  // assessments and candidates
  'assessment_not_found', 'assessment_not_open', 'assessment_closed', 'challenge_not_in_assessment', 'invite_exists', 'token_not_found',
  'callback_url_refused', 'rate_limited', 'too_many_in_flight', 'assessment_started', 'extension_too_long', 'invite_not_found',
  'invite_revoked', 'no_duration', 'assessment_finished', 'invite_in_use', 'runs_in_progress',
  // challenges and submissions
  'challenge_not_found', 'submission_not_found', 'unsupported_language', 'missing_entry_file', 'starter_not_found', 'page_not_found',
  // authoring
  'not_an_archive', 'archive_corrupt', 'archive_unsafe_entry', 'archive_too_many_files', 'archive_file_too_large', 'archive_unpacked_too_large',
  'invalid_package', 'invalid_form', 'no_file', 'challenge_not_yours', 'challenge_retired', 'slug_mismatch', 'gate_not_found', 'gate_not_passed', 'no_solutions',
  'rejudge_not_found', 'rejudge_not_ready', 'rejudge_decided',
  // the judge itself
  'service_unavailable', 'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
