/**
 * A word as a POSIX shell reads it back, for the commands hints and plans suggest: as it is when it
 * holds only safe characters, else in single quotes. Brackets are quoted too: zsh treats
 * `filter[app]=1` as a glob.
 */
export const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
