// Security keys (WebAuthn): the browser side of registering a key and signing in with it.
// Options come from the server as WebAuthn JSON; binary fields travel base64url-encoded.
(function () {
  "use strict";
  var root = document.getElementById("security-keys");
  if (!root) return;
  var status = document.getElementById("key-status");

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }
  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
                       headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf}})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || response.status);
          return data;
        });
      });
  }
  function show(message) { status.textContent = message; }
  function descriptors(list) {
    return (list || []).map(function (d) { return {type: d.type, id: toBytes(d.id), transports: d.transports}; });
  }
  function credentialJSON(credential) {
    var r = credential.response, out = {id: credential.id, rawId: toText(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: {clientDataJSON: toText(r.clientDataJSON)}};
    if (r.attestationObject) {
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      if (r.userHandle) out.response.userHandle = toText(r.userHandle);
    }
    if (credential.authenticatorAttachment) out.authenticatorAttachment = credential.authenticatorAttachment;
    return out;
  }
  function failed(error) {
    show(error && error.name === "NotAllowedError" ? root.dataset.failed : (error && error.message) || root.dataset.failed);
  }
  if (!window.PublicKeyCredential || !navigator.credentials) {
    show(root.dataset.unsupported);
    return;
  }
  var register = document.getElementById("key-register");
  if (register) register.addEventListener("click", function () {
    show("…");
    post(root.dataset.registerOptions).then(function (o) {
      o.challenge = toBytes(o.challenge);
      o.user.id = toBytes(o.user.id);
      o.excludeCredentials = descriptors(o.excludeCredentials);
      return navigator.credentials.create({publicKey: o});
    }).then(function (credential) {
      return post(root.dataset.register, {credential: credentialJSON(credential),
                                          name: document.getElementById("key-name").value});
    }).then(function (answer) {
      show(root.dataset.done);
      window.location.assign(window.location.pathname + "?next=" + encodeURIComponent(answer.next));
    }).catch(failed);
  });
  var signIn = document.getElementById("key-sign-in");
  if (signIn) signIn.addEventListener("click", function () {
    show("…");
    post(root.dataset.signInOptions).then(function (o) {
      o.challenge = toBytes(o.challenge);
      o.allowCredentials = descriptors(o.allowCredentials);
      return navigator.credentials.get({publicKey: o});
    }).then(function (credential) {
      return post(root.dataset.signIn, {credential: credentialJSON(credential)});
    }).then(function (answer) {
      window.location.assign(answer.next);
    }).catch(failed);
  });
})();
