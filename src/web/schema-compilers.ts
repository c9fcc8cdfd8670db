/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), shared by
 * every app this process builds, with each compiled function kept by its schema's JSON.
 *
 * Fastify makes a new Ajv per app and compiles every route's schemas again: about two thirds of
 * building an app. The server builds one app, so nothing changes there; the test suite builds
 * hundreds (several per test file), and each after the first now gets the compiled functions of the
 * first. A compiled validator or serializer depends only on its schema, the compiler's options and
 * the shared schemas, which are all in the key, and it keeps no state between calls (Ajv's
 * `errors` is read synchronously right after each call), so sharing it between apps is safe.
 *
 * Each function is compiled on its first call, not when its route is added: a server process then
 * starts without compiling the schemas of routes nobody asks for (a start took 3.0 s of CPU with
 * every schema compiled and 1.95 s without; the fault tests and command lines start dozens).
 * `compilePending` compiles the rest, so a test can still prove every route's schema compiles.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Compile = (route: {
  schema: unknown;
  method?: string;
  url?: string;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compile;

// The compilers fastify itself loads (its own dependencies, the versions it was tested with).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const ajvCompiler = fromFastify('@fastify/ajv-compiler') as () => Factory;
const serializerCompiler = fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory;

/**
 * Header names are case-insensitive: with its default compiler fastify lowercases a headers
 * schema's property names before compiling (Node gives them lowercased); with a compiler passed in
 * it leaves that to the compiler, so it is done here, the same way, for the top-level properties.
 */
function lowerCaseHeaders(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = { ...s };
  if (s.properties && typeof s.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    );
  }
  if (Array.isArray(s.required))
    out.required = s.required.map((r) => (typeof r === 'string' ? r.toLowerCase() : r));
  return out;
}

/** A compiled validator (Ajv puts the last call's `errors` on it) or serializer. */
type Compiled = ((data: unknown) => unknown) & { errors?: unknown };

/** The compilations not made yet (`compilePending`). */
const pending = new Set<() => Compiled>();

/**
 * A function compiled by `compile` on its first call. Fastify reads a validator's `errors` right
 * after calling it, so the compiled function's are copied onto the stand-in after each call.
 */
function onFirstCall(compile: () => Compiled): Compiled {
  let compiled: Compiled | undefined;
  const make = () => {
    pending.delete(make);
    return (compiled ??= compile());
  };
  pending.add(make);
  const standIn: Compiled = (data) => {
    const fn = compiled ?? make();
    const result = fn(data);
    standIn.errors = fn.errors;
    return result;
  };
  return standIn;
}

/** Compiles every schema not compiled yet; throws the first compiler error (an invalid schema). */
export function compilePending(): void {
  for (const make of pending) make();
}

function memoised(makeFactory: () => Factory, headers: boolean): Factory {
  const factory = makeFactory();
  const compiled = new Map<string, unknown>();
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    const context = JSON.stringify([externalSchemas, options]);
    return (route) => {
      const input =
        headers && route.httpPart === 'headers'
          ? { ...route, schema: lowerCaseHeaders(route.schema) }
          : route;
      let key: string;
      try {
        key = JSON.stringify([context, input.httpPart, input.httpStatus, input.contentType, input.schema]);
      } catch {
        return compile(input); // not JSON (never so for TypeBox schemas): compiled for this route alone
      }
      let fn = compiled.get(key);
      if (fn === undefined) {
        fn = onFirstCall(() => compile(input) as Compiled);
        compiled.set(key, fn);
      }
      return fn;
    };
  };
}

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** Fastify's `schemaController.compilersFactory`, one per process. */
export const sharedSchemaCompilers: CompilersFactory = {
  buildValidator: memoised(ajvCompiler, true) as CompilersFactory['buildValidator'],
  buildSerializer: memoised(serializerCompiler, false) as CompilersFactory['buildSerializer'],
};
