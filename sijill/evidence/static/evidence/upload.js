// Drag-and-drop upload of several files, each sent as the raw request body with its progress shown.
(function () {
  "use strict";
  var form = document.getElementById("evidence-upload");
  if (!form) { return; }
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("evidence-files");
  var list = document.getElementById("upload-progress");

  function query(file) {
    var params = new URLSearchParams();
    params.set("filename", file.name);
    ["method", "collector", "url", "incident", "source", "confidentiality"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) { params.set(name, field.value); }
    });
    return params.toString();
  }

  function send(file) {
    var row = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = file.name + " ";
    label.dir = "auto";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    row.append(label, bar, status);
    list.appendChild(row);

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.url + "?" + query(file));
    xhr.setRequestHeader("X-CSRFToken", form.dataset.csrf);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { bar.value = Math.round(100 * event.loaded / event.total); }
    });
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status === 201) {
        bar.value = 100;
        var link = document.createElement("a");
        link.href = body.url;
        link.textContent = " " + form.dataset.done + " #" + body.id;
        status.appendChild(link);
        (body.messages || []).forEach(function (message) {
          var note = document.createElement("div");
          note.textContent = message;
          status.appendChild(note);
        });
      } else {
        status.textContent = " " + form.dataset.failed + ": " + ((body.errors || []).join(" ") || xhr.statusText);
        status.className = "error";
      }
    });
    xhr.addEventListener("error", function () {
      status.textContent = " " + form.dataset.failed;
      status.className = "error";
    });
    xhr.send(file);
  }

  function sendAll(files) { Array.prototype.forEach.call(files, send); }

  input.addEventListener("change", function () { sendAll(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) { sendAll(event.dataTransfer.files); });
}());
