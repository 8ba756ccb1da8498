/** A provider request plus the parsing of its answer, with parse failures turned into API errors. */
import { ApiError } from '../errors.js';
import { displayUrl } from '../http/http-errors.js';
import type { JsonResponse } from '../http/client.js';
import type { RequestKind } from '../http/retry.js';
import type { Session } from './session.js';
import { ProviderAnswerError, type RequestSpec } from '../../providers/types.js';

export interface CallOptions<T> {
  kind: RequestKind;
  purpose: string;
  parse: (data: unknown, response: JsonResponse) => T;
  deadline?: number;
  acceptStatus?: (status: number) => boolean;
  maxRetries?: number;
}

export async function callProvider<T>(session: Session, spec: RequestSpec, options: CallOptions<T>): Promise<T> {
  const response = await session.call(spec, options);
  try {
    return options.parse(response.data, response);
  } catch (error) {
    if (!(error instanceof ProviderAnswerError)) throw error;
    throw new ApiError(`${session.name}: ${error.message} (${spec.method} ${displayUrl(response.url)}, HTTP ${response.status})`, {
      status: response.status,
      method: spec.method,
      url: displayUrl(response.url),
      body: JSON.stringify(response.data)?.slice(0, 2000),
      refused: error.refused,
      unreadable: !error.refused,
    });
  }
}
