// Neuroplay's service worker: after the first visit the page loads and trains offline.
// On install it caches the page and every file the page names (the build's hashed
// script, wasm, styles and icon); the page itself is fetched fresh when the network is
// there (so a new build is picked up) and from the cache when it is not. Nothing but the
// page's own origin is ever fetched.
const CACHE = 'neuroplay-v1';

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch('./', { cache: 'no-cache' });
  const html = await page.clone().text();
  const named = [...html.matchAll(/(?:href|src)="([^"]+)"|'(\/[^']+\.(?:js|wasm))'/g)]
    .map((m) => m[1] ?? m[2])
    .filter((u) => u && !u.startsWith('http') && !u.startsWith('data:'));
  await cache.put('./', page);
  await cache.addAll([...new Set(['manifest.webmanifest', ...named])]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page: fresh when online (and kept), the cached copy when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put('./', copy));
          return response;
        })
        .catch(() => caches.match('./')),
    );
    return;
  }
  // The build's files have their hash in their names: the cached copy is the file.
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then(
      (hit) =>
        hit ??
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((c) => c.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
