export declare const CONTENT_SECURITY_POLICY: string;
export declare const OFFICE_HOSTS: readonly string[];
export declare const OFFICE_JS_ORIGIN: string;
export declare function isOfficeOrigin(origin: string | undefined, self?: string): boolean;
export declare function devServerHeaders(origin: string | undefined, self?: string): Record<string, string>;
