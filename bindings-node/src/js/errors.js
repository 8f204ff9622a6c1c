(function (exports, thrownFields, cappedMessage) {
  'use strict'
  // The package's entry points, wrapped so that every error they throw, or reject a promise
  // with, is a DestinationsError: `code` from the core's catalogue (listErrorCodes()), its
  // `category`, and the error's fields (option, path, value, at...). Run once when the addon
  // is loaded (the `#[napi(module_exports)]` hook in src/entry.rs).
  const CATEGORY = new Map(exports.listErrorCodes().map((k) => [k.code, k.category]))
  // napi's own codes, for an argument of a JavaScript type no function takes: the core's
  // option_invalid, napi's code kept as `napiCode`.
  const NAPI_CODES = new Set([
    'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
    'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'GenericFailure', 'BigintExpected',
    'DateExpected', 'ArrayBufferExpected', 'DetachableArraybufferExpected', 'Unknown',
  ])

  /**
   * Every error the package throws: `code` (an ErrorCode), `category` (an ErrorCategory) and
   * the fields of the error.
   */
  class DestinationsError extends Error {
    constructor(message, code, fields) {
      super(String(message))
      const known = CATEGORY.has(code) ? code : 'host_failure'
      Object.defineProperty(this, 'code', { value: known, enumerable: true, writable: true, configurable: true })
      this.category = CATEGORY.get(known)
      if (fields !== null && typeof fields === 'object') Object.assign(this, fields)
    }
  }
  Object.defineProperty(DestinationsError.prototype, 'name', {
    value: 'DestinationsError',
    writable: true,
    configurable: true,
  })

  function adopt(e, code, fields) {
    Object.setPrototypeOf(e, DestinationsError.prototype)
    e.code = code
    e.category = CATEGORY.get(code)
    if (fields !== null && typeof fields === 'object') Object.assign(e, fields)
    return e
  }

  function convert(e) {
    if (e instanceof DestinationsError) return e
    if (e instanceof Error && typeof e.code === 'string') {
      if (CATEGORY.has(e.code)) return adopt(e, e.code, thrownFields(e.code, e.message))
      if (NAPI_CODES.has(e.code)) {
        const napiCode = e.code
        return adopt(e, 'option_invalid', { napiCode })
      }
    }
    // Anything else that escaped (a caller's getter that threw while options were read, a
    // failure inside napi): host_failure, the original kept as `cause`.
    const said = e instanceof Error ? e.message : String(e)
    const out = new DestinationsError(cappedMessage(said), 'host_failure')
    out.cause = e
    return out
  }

  const rethrow = (e) => {
    throw convert(e)
  }

  // `self`, when given, is the `this` of every call (a static method runs on the addon's class).
  function wrapFunction(f, self) {
    const wrapped = {
      [f.name](...args) {
        let out
        try {
          out = f.apply(self === undefined ? this : self, args)
        } catch (e) {
          throw convert(e)
        }
        return out instanceof Promise ? out.then(undefined, rethrow) : out
      },
    }[f.name]
    Object.defineProperty(wrapped, 'length', { value: f.length })
    return wrapped
  }

  function wrapDescriptor(holder, key) {
    const d = Object.getOwnPropertyDescriptor(holder, key)
    if (d === undefined || d.configurable === false) return
    if (typeof d.value === 'function') d.value = wrapFunction(d.value)
    if (typeof d.get === 'function') d.get = wrapFunction(d.get)
    if (typeof d.set === 'function') d.set = wrapFunction(d.set)
    Object.defineProperty(holder, key, d)
  }

  function wrapClass(C) {
    for (const key of Reflect.ownKeys(C.prototype)) {
      if (key !== 'constructor') wrapDescriptor(C.prototype, key)
    }
    // napi defines static methods read-only, so the class is replaced by a constructor that
    // shares its prototype (instances made by the addon are instances of it), with the static
    // methods wrapped.
    const Wrapped = {
      [C.name]: function (...args) {
        if (new.target === undefined) throw new DestinationsError(`Class constructor ${C.name} cannot be invoked without 'new'`, 'option_invalid')
        try {
          return Reflect.construct(C, args, new.target === Wrapped ? C : new.target)
        } catch (e) {
          throw convert(e)
        }
      },
    }[C.name]
    Object.defineProperty(Wrapped, 'prototype', { value: C.prototype, writable: false })
    Object.defineProperty(Wrapped, 'length', { value: C.length })
    for (const key of Reflect.ownKeys(C)) {
      if (key === 'prototype' || key === 'length' || key === 'name') continue
      const d = Object.getOwnPropertyDescriptor(C, key)
      if (typeof d.value === 'function') d.value = wrapFunction(d.value, C)
      Object.defineProperty(Wrapped, key, { ...d, configurable: true })
    }
    const ctor = Object.getOwnPropertyDescriptor(C.prototype, 'constructor')
    if (ctor === undefined || ctor.configurable) {
      Object.defineProperty(C.prototype, 'constructor', { value: Wrapped, writable: true, configurable: true })
    }
    return Wrapped
  }

  const wrapped = new Map()
  for (const name of Object.keys(exports)) {
    const value = exports[name]
    if (typeof value !== 'function' || name.startsWith('__')) continue
    if (!wrapped.has(value)) {
      const isClass = /^[A-Z]/.test(name) && value.prototype !== undefined
      if (isClass) {
        const p = wrapClass(value)
        wrapped.set(value, p)
      } else {
        wrapped.set(value, wrapFunction(value))
      }
    }
    exports[name] = wrapped.get(value)
  }
  // The binding's internals, reachable only from here and from the report builder.
  delete exports.__thrownFields
  delete exports.__cappedMessage
  delete exports.__Packed
  exports.DestinationsError = DestinationsError
  return { DestinationsError }
})
