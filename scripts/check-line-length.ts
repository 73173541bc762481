// Fails when a source line is longer than the formatter's width: Biome does not break strings or comments.
//   npx tsx scripts/check-line-length.ts [files...]
// Without files: every .ts file git knows of in src, test, bench, scripts and web.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const MAX_COLUMNS = 120;

const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : execFileSync('git', [
        'ls-files',
        '--cached',
        '--others',
        '--exclude-standard',
        'src',
        'test',
        'bench',
        'scripts',
        'web',
      ])
        .toString()
        .split('\n')
        .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts') && existsSync(file));

const long = files.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) =>
      [...line].length > MAX_COLUMNS ? [`${file}:${index + 1}: ${[...line].length} columns`] : [],
    ),
);
for (const line of long) console.error(line);
if (long.length > 0) {
  console.error(`${long.length} lines are longer than ${MAX_COLUMNS} columns`);
  process.exit(1);
}
