import { METHODS } from 'node:http';

/** The parts of an Express 5 router layer (package `router` 2.x) that the route lookup reads. */
interface RouterLayer {
  route?: { methods: RouteMethods };
  match(path: string): unknown;
}

export interface RouterLike {
  stack: RouterLayer[];
}

type RouteMethods = Record<string, boolean | undefined>;

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function orderOf(method: string): number {
  const index = METHOD_ORDER.indexOf(method);

  return index === -1 ? METHOD_ORDER.length : index;
}

/**
 * Checks whether a route takes every method. Nest mounts middleware applied to all methods (the
 * request logger's context binding, for one) as such a route on every path, so it shows nothing
 * about which methods a path's handlers accept.
 */
function acceptsEveryMethod(methods: RouteMethods): boolean {
  return methods._all === true || METHODS.every((method) => methods[method.toLowerCase()] === true);
}

function matchesPath(layer: RouterLayer, path: string): boolean {
  try {
    // Layer.match (package router 2.3) returns a match object, or false when the path differs.
    return Boolean(layer.match(path));
  } catch (error) {
    // A parameter with a malformed percent-encoding cannot match any route.
    if (error instanceof URIError) {
      return false;
    }

    throw error;
  }
}

/**
 * Returns the methods the routes registered for `path` accept, as sent in an `Allow` header, or
 * an empty list when no route matches the path. The router's own matching is used, so the
 * trailing-slash rule and any path prefix behave exactly as they do for requests. HEAD comes
 * with GET (Express handles it), and OPTIONS is always listed because the CORS middleware
 * handles it for every path.
 *
 * NOTE: middleware that Nest mounts for one method (`forRoutes({ path, method })`) looks like a
 * route here and adds its method to the list, so mount middleware for all methods.
 */
export function allowedMethods(router: RouterLike, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of router.stack) {
    const route = layer.route;
    if (route === undefined || acceptsEveryMethod(route.methods) || !matchesPath(layer, path)) {
      continue;
    }

    for (const [method, enabled] of Object.entries(route.methods)) {
      if (enabled === true) {
        methods.add(method.toUpperCase());
      }
    }
  }

  if (methods.size === 0) {
    return [];
  }

  if (methods.has('GET')) {
    methods.add('HEAD');
  }

  methods.add('OPTIONS');

  return [...methods].sort((a, b) => orderOf(a) - orderOf(b));
}
