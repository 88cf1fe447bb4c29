// Runs before the app, as a classic script with a relative path, so it also runs when dist/index.html
// is opened from disk (file://), where the app's module scripts cannot load (absolute paths, CORS
// and no service worker). Then it replaces the generic start-up message with what to do instead;
// otherwise it does nothing. (Inline scripts are not allowed by the page's Content-Security-Policy.)
(function () {
  if (window.location.protocol !== 'file:') return;
  var note = document.getElementById('loading-note');
  if (!note) return;
  note.setAttribute('data-testid', 'file-protocol');
  note.textContent = '';
  var parts = [
    'This page was opened from your disk (file://), where browsers do not run it. Serve the folder over http instead: ',
    'run "npm start" in the project (then open http://localhost:5173), or serve the dist/ folder with any static web server ',
    'that sends the headers listed in the README (Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy for full speed). ',
    'Nothing is uploaded either way: the server only hands this page its own files.',
  ];
  note.appendChild(document.createTextNode(parts.join('')));
})();
