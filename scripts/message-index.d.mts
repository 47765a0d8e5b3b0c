export declare const LOCALES: readonly string[];
export declare const MESSAGES_DIR: string;
export declare function renderMessageIndex(dir?: string): string;
export declare function formattedMessageIndex(dir?: string): Promise<string>;
