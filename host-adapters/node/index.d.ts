// Types of the copydesk Node adapter (index.js).

export type Severity = 'info' | 'warning' | 'error';
export type Format = 'auto' | 'text' | 'markdown' | 'html';
export type SegmentKind = 'body' | 'headline' | 'standfirst' | 'subheading' | 'caption' | 'pullquote' | 'aside';
export interface Segment { kind?: SegmentKind; id?: string; text: string | Uint8Array; format?: Format; }
type Names = string | string[];

export interface Diagnostic {
  file: string; line: number; column: number; severity: 'error' | 'warning'; ruleId: string; message: string;
}
export interface RuleInfo {
  id: string; category: string; severity: Severity; title: string; message: string; description: string;
  references: string[]; source: string; languages: string[];
  pack: string; packVersion: string;  // the rule's pack and that pack's [pack] version ("" when none)
  publish: string;  // the pack's publish action: "block", "acknowledge", "advise", or "" when it declares none
}
export interface Example {
  ruleId: string; language: string; text: string; expect: string[]; source: string; line: number; segment: SegmentKind;
}

export interface CompileOptions { exclude?: Names; regexMaxMem?: number | bigint; }
export interface ScanOptions {
  format?: Format; minSeverity?: Severity; enable?: Names; disable?: Names; explain?: boolean;
  strictUtf8?: boolean; maxInputBytes?: number | bigint; maxFindings?: number | bigint;
}

export interface Finding {
  ruleId: string; category: string; severity: Severity; message: string;
  /** UTF-16 indices for a string (text.slice(start, end)), byte offsets for a Uint8Array. */
  start: number; end: number;
  byteStart: number; byteEnd: number; utf16Start: number; utf16End: number; cpStart: number; cpEnd: number;
  line: number; column: number; endLine: number; endColumn: number;
  term: string; folded: string; contextHash: bigint; explain?: string;
  /** The finding's segment (0, "" and "body" for scan()); offsets above are relative to its text. */
  segmentIndex: number; segmentId: string; segmentKind: SegmentKind;
  /** The span in the visible text: UTF-16 indices for a string, byte offsets for a Uint8Array. */
  visibleStart: number; visibleEnd: number;
  visibleByteStart: number; visibleByteEnd: number; visibleUtf16Start: number; visibleUtf16End: number;
  visibleCpStart: number; visibleCpEnd: number; visibleText: string;
}
export interface Findings extends Array<Finding> { readonly truncated: boolean; readonly invalidUtf8: number; }

declare class Handle {
  readonly closed: boolean;
  close(): void;
}
export class Ruleset extends Handle {
  private constructor();
  static compile(paths: string | string[], options?: CompileOptions): Ruleset;
  static compileString(toml: string | Uint8Array, options?: CompileOptions & { origin?: string }): Ruleset;
  static compileAsync(paths: string | string[], options?: CompileOptions): Promise<Ruleset>;
  static compileStringAsync(toml: string | Uint8Array, options?: CompileOptions & { origin?: string }): Promise<Ruleset>;
  static load(bundle: string | Uint8Array): Ruleset;
  readonly warnings: Diagnostic[];
  readonly size: number;
  save(path: string): void;
  scanner(): Scanner;
  rules(): RuleInfo[];
  examples(): Example[];
}
export class Scanner extends Handle {
  private constructor();
  readonly busy: boolean;
  scan(text: string | Uint8Array, options?: ScanOptions): Findings;
  scanSegments(segments: Segment[], options?: ScanOptions): Findings;
  scanAsync(text: string | Uint8Array, options?: ScanOptions): Promise<Findings>;
}

export class CopydeskError extends Error {
  /** "COPYDESK_E_RULES"-style status name */ readonly code: string;
  /** the negative status */ readonly status: number;
  /** the library's message */ readonly detail: string;
}
export class InternalError extends CopydeskError {}
export class OutOfMemoryError extends CopydeskError {}
export class InvalidArgumentError extends CopydeskError {}
export class RuleError extends CopydeskError { readonly diagnostics: Diagnostic[]; }
export class CopydeskIOError extends CopydeskError {}
export class LimitError extends CopydeskError {}
export class EncodingError extends CopydeskError {}
export class VersionError extends CopydeskError {}
export class BusyError extends CopydeskError {}

export function libraryVersion(): string;
export const libraryPath: string;
export const constants: Readonly<Record<string, number>>;
export function formatDiagnostic(d: Diagnostic): string;
