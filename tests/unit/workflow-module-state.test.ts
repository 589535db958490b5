/**
 * The worker shares the workflow modules between the workflows of one thread (worker/workflow-bundle.ts,
 * `preloadModules`): their module scope runs once, so it must hold no per-workflow state. This follows
 * the value imports from workflows/index.ts through the project's own files and refuses a module-level
 * `let` or `var` in any of them (per-workflow state lives in the JobContext each run creates).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT, WORKFLOWS_PATH, preloadModules } from '../../worker/workflow-bundle';

/** The project files reachable from `entry` through value imports and re-exports (type-only ones skipped). */
function valueImportGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const specifier =
        ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly
          ? statement.moduleSpecifier
          : ts.isExportDeclaration(statement) && !statement.isTypeOnly
            ? statement.moduleSpecifier
            : undefined;
      if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
      visit(path.resolve(path.dirname(file), `${specifier.text}.ts`));
    }
  };
  visit(entry);
  return [...seen];
}

/** Module-level `let` / `var` declarations of a file, as `file: name`. */
function moduleLevelMutables(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements
    .filter(ts.isVariableStatement)
    .filter((statement) => (statement.declarationList.flags & ts.NodeFlags.Const) === 0)
    .flatMap((statement) => statement.declarationList.declarations.map((d) => `${path.relative(PROJECT_ROOT, file)}: ${d.name.getText(source)}`));
}

describe('workflow modules shared between workflows', () => {
  test('the worker preloads luxon and the workflow entry, so every workflow module is shared', () => {
    expect(preloadModules()).toEqual(['luxon', WORKFLOWS_PATH]);
  });

  test('no module the workflows import declares a module-level let or var', () => {
    const files = valueImportGraph(WORKFLOWS_PATH);
    expect(files.map((f) => path.relative(PROJECT_ROOT, f))).toEqual(expect.arrayContaining(['workflows/job-workflow.ts', 'core/time/business-calendar.ts']));
    expect(files.flatMap(moduleLevelMutables)).toEqual([]);
  });
});
