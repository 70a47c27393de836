export interface FunctionMetadata {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly helpUrl?: string;
  readonly parameters?: readonly { readonly name: string; readonly optional?: boolean }[];
}
export declare function escapeHtml(text: string): string;
export declare function readmeLink(helpUrl: string | undefined): string;
export declare function functionTable(metadata: { readonly functions: readonly FunctionMetadata[] }): string;
