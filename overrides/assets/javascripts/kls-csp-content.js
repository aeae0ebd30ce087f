// KLS-webb: Material's inline script from partials/javascripts/content.html, moved to a file so that
// the Content-Security-Policy needs no 'unsafe-inline' (deploy/). Keep in step with Material 9.8.1.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
