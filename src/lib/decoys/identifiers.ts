/** IAM names and key IDs as decoys use them. */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const LONG_TERM_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
