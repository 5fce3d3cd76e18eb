// Type-aware lint of every workspace's TypeScript (src and test, the web UI's too). Only rules that
// catch real mistakes: a promise nobody awaits or catches, a promise where a plain value was meant,
// a value made and never used, an `any` that switches the type checker off. Layout is Prettier's
// job, not ESLint's. Types come from each file's own tsconfig (projectService), so run it after
// `turbo run build`: the workspaces import each other's built dist/*.d.ts.
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated from the OpenAPI files by `npm run generate`; a change there belongs in the spec.
    ignores: ['**/dist/**', '**/node_modules/**', 'packages/*/src/generated/**'],
  },
  {
    files: [
      'packages/*/{src,test}/**/*.ts',
      'services/*/{src,test}/**/*.ts',
      'services/frontend/web/{src,test}/**/*.{ts,tsx}',
    ],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // A workspace's src/ is typed by its own tsconfig.json, test/ by the root tsconfig.json
        // (the tests' one: TypeScript looks further up when the nearest config leaves a file out),
        // the web UI by web/tsconfig.json.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        // `_next`: a parameter a signature needs (Express tells error handlers by their arity).
        // Rest siblings: `const { secret, ...shown } = row` names what it leaves out.
        { argsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-control-regex': 'error',
    },
  },
  {
    files: ['services/frontend/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
