// The viewer's one error: a request that cannot be answered, with the HTTP status it answers
// with and a reason naming the object, file or video it concerns.
import { SourcedError } from '../../core/errors';

export class ViewerRequestError extends SourcedError {
  override name = 'ViewerRequestError';
  constructor(
    readonly status: number,
    reason: string,
    source: string,
  ) {
    super(reason, source);
  }
}
