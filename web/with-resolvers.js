// Kit 3 wants Node 22 (Promise.withResolvers); we build on Node 20, so the build script preloads this.
Promise.withResolvers ??= /** @type {any} */ (
  () => {
    let resolve, reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }
);
