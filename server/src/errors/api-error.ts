import { HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  /** the request field (dotted path) or the part of the input the detail is about */
  field?: string;
  message: string;
  [extra: string]: unknown;
}

/** The one typed exception services throw; the filter turns it into the error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new ApiError(HttpStatus.BAD_REQUEST, code, message, details);

export const notFound = (what: string, id: string) => new ApiError(HttpStatus.NOT_FOUND, 'not_found', `No ${what} with id ${id}.`);

export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new ApiError(HttpStatus.CONFLICT, code, message, details);

export const unavailable = (code: string, message: string) => new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, message);
