export * from './error-envelope';
export * from './error-response.dto';
export * from './http-conventions.module';
export * from './request-id';
export * from './success-envelope.interceptor';
export * from './swagger';
