/** The consultant's survey of issue 24 (3,000 answers, four regions, a weaker South, a better April, a 12-answer West) as CSV text. */
export declare function survey4(): string;
