/*
 * 技能's service worker (docs/phone.md § Offline): keeps the app shell — the page, its scripts and
 * styles, the icons — so the app opens on a flaky connection and says it is offline. It never stores
 * an API answer (they carry personal data): /api/ goes to the network only. Registered by main.tsx in
 * production builds only.
 */
const SHELL = 'jineng-shell-v1';
const PRECACHE = ['/', '/manifest.webmanifest', '/icon-192.png', '/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // API answers and files (PDFs, exports) are personal or live: never cached here.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs')) return;
  if (req.mode === 'navigate') {
    // A page: the network's copy when it answers (and keep it as the shell), else the kept shell.
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(SHELL).then((c) => c.put('/', copy));
          }
          return res;
        })
        .catch(() => caches.match('/').then((hit) => hit || Response.error())),
    );
    return;
  }
  // Built assets have content hashes in their names: the kept copy is the right one.
  event.respondWith(
    caches.match(req).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok && (url.pathname.startsWith('/assets/') || /\.(png|svg|webmanifest)$/.test(url.pathname))) {
            const copy = res.clone();
            caches.open(SHELL).then((c) => c.put(req, copy));
          }
          return res;
        }),
    ),
  );
});
