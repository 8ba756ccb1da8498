/**
 * Reads the official SDK's type definitions with the TypeScript compiler API and returns the
 * catalog: every model of every endpoint in `catalogSources`, with its fields, literal choices
 * and the limits stated in the doc comments. Run by `npm run catalog` and by the catalog test;
 * the CLI itself never loads the SDK or the compiler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import {
  catalogSources,
  type CatalogField,
  type CatalogModel,
  type CatalogPrimitive,
  type OfficialCatalog,
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
    return { name: symbol.name, required, ...described };
  }

  describe(type: ts.Type, doc: string, depth: number): Omit<CatalogField, 'name' | 'required'> {
    const members = type.isUnion() ? type.types : [type];
    const types = new Set<CatalogPrimitive>();
    const choices: (string | number)[] = [];
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
        if (depth < 4) fields = this.merge(fields, this.properties(member, depth + 1));
      }
    }
    const result: Omit<CatalogField, 'name' | 'required'> = { types: [...types].sort() };
    if (choices.length > 0) result.choices = choices;
    if (types.has('number')) Object.assign(result, numericLimits(doc));
    if (types.has('string')) Object.assign(result, lengthLimit(doc));
    if (types.has('array')) Object.assign(result, itemLimit(doc));
    if (items) result.items = items;
    if (fields) result.fields = fields;
    return result;
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

export function readSdkCatalog(sdkDir: string): OfficialCatalog {
  const resources = join(sdkDir, 'resources');
  const files = catalogSources.map((s) => join(resources, s.file));
  const program = ts.createProgram(files, {
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const reader = new Reader(checker);
  const sdk = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
  const catalog: OfficialCatalog = { sdk, endpoints: {} };
  for (const source of catalogSources) {
    const file = program.getSourceFile(join(resources, source.file));
    if (!file) throw new Error(`The SDK has no ${source.file}`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol).find((s) => s.name === source.params) : undefined;
    if (!exported) throw new Error(`${source.file} exports no ${source.params}`);
    const type = checker.getDeclaredTypeOfSymbol(exported);
    const models: CatalogModel[] = [];
    for (const variant of type.isUnion() ? type.types : [type]) {
      const model = checker.getPropertyOfType(variant, 'model');
      const modelType = model ? checker.getTypeOfSymbol(model) : undefined;
      if (!modelType?.isStringLiteral()) continue;
      const fields = reader.properties(variant, 1).filter((f) => f.name !== 'model');
      models.push({ id: modelType.value, fields });
    }
    catalog.endpoints[source.endpoint] = { path: source.path, models };
  }
  return catalog;
}

export function catalogJson(catalog: OfficialCatalog): string {
  return `${JSON.stringify(catalog, null, 1)}\n`;
}
