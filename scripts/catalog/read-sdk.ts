/**
 * Reads the official SDK's type definitions with the TypeScript compiler API and returns the
 * catalog: every task endpoint (every resource method whose create returns an awaitable task),
 * each variant (model, mode) of its body, with its fields, literal choices, the limits stated in
 * the doc comments and the media kind of each URI field. Run by `npm run catalog` and by the
 * catalog test; the CLI itself never loads the SDK or the compiler.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type {
  CatalogEndpoint,
  CatalogField,
  CatalogModel,
  CatalogPrimitive,
  OfficialCatalog,
} from '../../src/providers/official/catalog/types.js';

const number = '(-?\\d+(?:\\.\\d+)?)';

/** "An integer from 2 to 10", "a number between 0 and 1", "Numeric durations must be between 3 and 10 seconds". */
function numericLimits(doc: string): Pick<CatalogField, 'integer' | 'min' | 'max'> {
  const range = new RegExp(`(?:from|between) ${number} (?:to|and) ${number}`, 'i').exec(doc);
  return {
    ...(/\binteger\b|whole number/i.test(doc) ? { integer: true } : {}),
    ...(range ? { min: Number(range[1]), max: Number(range[2]) } : {}),
  };
}

/** "up to 1000 characters", "up to 4,000 characters". */
function lengthLimit(doc: string): Pick<CatalogField, 'maxLength'> {
  const m = /up to ([\d,]+) characters/i.exec(doc);
  return m ? { maxLength: Number((m[1] as string).replace(/,/g, '')) } : {};
}

/** "(up to 9)", "Up to 5 keyframes", "up to 16 images". */
function itemLimit(doc: string): Pick<CatalogField, 'maxItems'> {
  const m = /\bup to (\d+)(?:\)| (?!characters)[a-z]+)/i.exec(doc);
  return m ? { maxItems: Number(m[1]) } : {};
}

/** "…base64 data URI (e.g. `data:audio/mp3;base64,...`) containing an encoded audio." */
function mediaKind(doc: string): Pick<CatalogField, 'media'> {
  const m = /containing an encoded (image|video|audio)\b/i.exec(doc);
  return m ? { media: (m[1] as string).toLowerCase() as 'image' | 'video' | 'audio' } : {};
}

/**
 * Where the doc does not say the kind of a URI (`referenceAudios?: Array<string>`), a media-named
 * string field (`imageUri`, `referenceAudios`) holds that kind.
 */
function withMediaByName<T extends Omit<CatalogField, 'name' | 'required'>>(name: string, field: T): T {
  const m = /(image|video|audio)(?:s|uri|uris)?$/i.exec(name);
  if (!m || field.media) return field;
  const media = (m[1] as string).toLowerCase() as 'image' | 'video' | 'audio';
  const item = field.items?.length === 1 && field.items[0]?.name === '' ? field.items[0] : undefined;
  if (item?.types.includes('string') && !item.media) return { ...field, items: [{ ...item, media }] };
  return field.types.includes('string') ? { ...field, media } : field;
}

class Reader {
  constructor(private readonly checker: ts.TypeChecker) {}

  doc(symbol: ts.Symbol): string {
    return ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).replace(/\s+/g, ' ').trim();
  }

  field(symbol: ts.Symbol, depth: number): CatalogField {
    const type = this.checker.getTypeOfSymbol(symbol);
    const required = !(symbol.flags & ts.SymbolFlags.Optional);
    const described = this.describe(type, this.doc(symbol), depth);
    // The checker orders a union's literals its own way; the first ratio is the default, so keep the SDK's order.
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    const typeNode = declaration && ts.isPropertySignature(declaration) ? declaration.type : undefined;
    if (described.choices && typeNode && ts.isUnionTypeNode(typeNode)) {
      const order = typeNode.types.map((t) =>
        ts.isLiteralTypeNode(t) && (ts.isStringLiteral(t.literal) || ts.isNumericLiteral(t.literal)) ? t.literal.text : undefined,
      );
      const rank = (c: string | number) => {
        const at = order.indexOf(String(c));
        return at < 0 ? order.length : at;
      };
      described.choices.sort((a, b) => rank(a) - rank(b));
    }
    return { name: symbol.name, required, ...withMediaByName(symbol.name, described) };
  }

  describe(type: ts.Type, doc: string, depth: number): Omit<CatalogField, 'name' | 'required'> {
    const members = type.isUnion() ? type.types : [type];
    const types = new Set<CatalogPrimitive>();
    const choices: (string | number)[] = [];
    const shapes: ts.Type[] = [];
    let items: CatalogField[] | undefined;
    let fields: CatalogField[] | undefined;
    for (const member of members) {
      if (member.flags & ts.TypeFlags.Undefined) continue;
      if (member.isStringLiteral()) choices.push(member.value);
      else if (member.isNumberLiteral()) choices.push(member.value);
      else if (member.flags & ts.TypeFlags.BooleanLiteral || member.flags & ts.TypeFlags.Boolean) types.add('boolean');
      else if (member.flags & ts.TypeFlags.String) types.add('string');
      else if (member.flags & ts.TypeFlags.Number) types.add('number');
      else if (this.checker.isArrayType(member)) {
        types.add('array');
        const element = this.checker.getTypeArguments(member as ts.TypeReference)[0];
        if (element && depth < 4) items = this.variants(element, depth + 1);
      } else if (member.flags & ts.TypeFlags.Object) {
        types.add('object');
        shapes.push(member);
        if (depth < 4) fields = this.merge(fields, this.properties(member, depth + 1));
      }
    }
    // An object of several shapes told apart by one field (a preset voice or a reference one): each shape.
    const key = shapes.length > 1 && depth < 4 ? variantKey(this.checker, shapes) : undefined;
    const oneOf = key ? { key, variants: this.variantsBy(key, shapes, depth + 1) } : undefined;
    const result: Omit<CatalogField, 'name' | 'required'> = { types: [...types].sort() };
    if (choices.length > 0) result.choices = choices;
    if (types.has('number')) Object.assign(result, numericLimits(doc));
    if (types.has('string')) Object.assign(result, lengthLimit(doc), mediaKind(doc));
    if (types.has('array')) Object.assign(result, itemLimit(doc));
    if (items) result.items = items;
    if (oneOf) result.oneOf = oneOf;
    else if (fields) result.fields = fields;
    return result;
  }

  /** Shapes by the value of their key field (fields of shapes with the same value merged), the key itself left out. */
  variantsBy(key: string | undefined, shapes: readonly ts.Type[], depth: number): CatalogModel[] {
    const variants = new Map<string, CatalogModel>();
    for (const shape of shapes) {
      const id = key
        ? (this.checker.getTypeOfSymbol(this.checker.getPropertyOfType(shape, key) as ts.Symbol) as ts.StringLiteralType).value
        : '';
      const fields = this.properties(shape, depth).filter((f) => f.name !== key);
      const earlier = variants.get(id);
      variants.set(id, { id, fields: earlier ? this.merge(earlier.fields, fields) : fields });
    }
    return [...variants.values()];
  }

  /** An array's element: its fields when it is an object (or a union of objects), merged. */
  variants(element: ts.Type, depth: number): CatalogField[] {
    const parts = element.isUnion() ? element.types : [element];
    let merged: CatalogField[] | undefined;
    for (const part of parts) {
      if (part.flags & ts.TypeFlags.Object && !this.checker.isArrayType(part)) merged = this.merge(merged, this.properties(part, depth));
      else merged = this.merge(merged, [{ name: '', required: true, ...this.describe(part, '', depth) }]);
    }
    return merged ?? [];
  }

  properties(type: ts.Type, depth: number): CatalogField[] {
    return this.checker.getPropertiesOfType(type).map((p) => this.field(p, depth));
  }

  /** Fields of several variants (keyframes by time or by range): a field is required only if every variant requires it. */
  merge(into: CatalogField[] | undefined, next: CatalogField[]): CatalogField[] {
    if (!into) return next;
    const byName = new Map(into.map((f) => [f.name, f]));
    for (const field of next) {
      const earlier = byName.get(field.name);
      if (!earlier) byName.set(field.name, { ...field, required: false });
      else
        byName.set(field.name, {
          ...earlier,
          types: [...new Set([...earlier.types, ...field.types])].sort(),
          ...(field.choices ? { choices: [...new Set([...(earlier.choices ?? []), ...field.choices])] } : {}),
        });
    }
    for (const earlier of into)
      if (!next.some((f) => f.name === earlier.name))
        byName.set(earlier.name, { ...(byName.get(earlier.name) as CatalogField), required: false });
    return [...byName.values()];
  }
}

/** A task-creating method of the SDK: where it is declared, and the type of its body. */
interface TaskMethod {
  file: string;
  method: string;
  params: ts.TypeNode;
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? declarationFiles(join(dir, entry.name))
      : entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts'
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Methods that take a `body` and return `APIPromiseWithAwaitableTask`: the task endpoints. */
function taskMethods(file: ts.SourceFile): TaskMethod[] {
  const found: TaskMethod[] = [];
  for (const statement of file.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
      if (member.type.typeName.getText(file) !== 'APIPromiseWithAwaitableTask') continue;
      const body = member.parameters.find((p) => p.name.getText(file) === 'body');
      if (body?.type) found.push({ file: file.fileName, method: member.name.getText(file), params: body.type });
    }
  }
  return found;
}

/** The path a method posts to, read from the SDK's compiled JavaScript beside its declaration. */
function postedPath(declarationFile: string, method: string): string {
  const jsFile = declarationFile.replace(/\.d\.ts$/, '.js');
  const source = ts.createSourceFile(jsFile, readFileSync(jsFile, 'utf8'), ts.ScriptTarget.ES2022, true);
  let path: string | undefined;
  const visit = (node: ts.Node, inMethod: boolean): void => {
    const here = inMethod || (ts.isMethodDeclaration(node) && node.name.getText(source) === method);
    if (
      here &&
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'post' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      path ??= node.arguments[0].text;
    node.forEachChild((child) => visit(child, here));
  };
  visit(source, false);
  if (!path) throw new Error(`${relative(process.cwd(), jsFile)}: ${method} posts to no literal path`);
  return path;
}

/** The single-literal string properties every variant has, with distinct values: what picks a variant. */
function variantKey(checker: ts.TypeChecker, variants: readonly ts.Type[]): string | undefined {
  const literal = (variant: ts.Type, name: string) => {
    const property = checker.getPropertyOfType(variant, name);
    const type = property ? checker.getTypeOfSymbol(property) : undefined;
    return type?.isStringLiteral() ? type.value : undefined;
  };
  const first = variants[0];
  if (!first) return undefined;
  const candidates = checker.getPropertiesOfType(first).map((p) => p.name);
  const keys = candidates.filter((name) => {
    const values = variants.map((v) => literal(v, name));
    return values.every((v) => v !== undefined) && (variants.length === 1 ? name === 'model' : new Set(values).size === values.length);
  });
  return keys.includes('model') ? 'model' : keys[0];
}

export function readSdkCatalog(sdkDir: string): OfficialCatalog {
  const resources = join(sdkDir, 'resources');
  const program = ts.createProgram(declarationFiles(resources), {
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const reader = new Reader(checker);
  const sdk = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
  const found: [string, CatalogEndpoint][] = [];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(resources)) continue;
    for (const task of taskMethods(file)) {
      const path = postedPath(task.file, task.method);
      const type = checker.getTypeFromTypeNode(task.params);
      const shapes = type.isUnion() ? type.types : [type];
      const key = variantKey(checker, shapes);
      found.push([
        path.replace(/^\/v1\//, ''),
        { path, method: task.method, ...(key ? { key } : {}), variants: reader.variantsBy(key, shapes, 1) },
      ]);
    }
  }
  found.sort(([a], [b]) => a.localeCompare(b));
  return { sdk, endpoints: Object.fromEntries(found) };
}

export function catalogJson(catalog: OfficialCatalog): string {
  return `${JSON.stringify(catalog, null, 1)}\n`;
}
