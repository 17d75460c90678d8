// The local stack's fixed names: its two buckets and the region its clients use.

export const INPUT_BUCKET = 'raw-frames';
export const OUTPUT_BUCKET = 'processed-frames';
export const LOCAL_REGION = 'us-east-1';
