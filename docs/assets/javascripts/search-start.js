/* Search starts when the visitor starts it (loaded in <head>, before Material's bundle).
 *
 * - The search worker and index are loaded when the search box gets focus (click, tap on the magnifier, the f / s / /
 *   shortcuts) or when the page was opened from a search result (?h=…) or with a query (?q=…), not on every page
 *   view: Material asks for both at start-up; they are held until then. The worker is created then (Material talks
 *   to a stand-in until it exists); the index request is the XMLHttpRequest for search/search_index.json over HTTP,
 *   the <script> for search/search_index.js from file://.
 * - Typing is read on every input event, so pasted text (long-press menu) and dictation search at once; Material
 *   itself listens for key-up only.
 */
(function () {
  "use strict"
  var started = false, waiting = []
  var INDEX = /\/search\/search_index\.js(on)?(\?|$)/

  function start() {
    if (started) return
    started = true
    waiting.splice(0).forEach(function (resume) { resume() })
  }

  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    this.kitIndex = INDEX.test(String(url))
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (request.kitIndex && !started) {
      waiting.push(function () { send.apply(request, args) })
      return
    }
    return send.apply(request, args)
  }

  var Worker = window.Worker // iframe-worker's stand-in on file://
  window.Worker = function (url, options) {
    if (started || !/\/workers\/search\.[^/]*\.js(\?|$)/.test(String(url))) return new Worker(url, options)
    var stub = new EventTarget(), queue = [], real = null
    stub.postMessage = function (message) { real ? real.postMessage(message) : queue.push(message) }
    stub.terminate = function () { real ? real.terminate() : waiting.splice(waiting.indexOf(create), 1) }
    function create() {
      real = new Worker(url, options)
      ;["message", "messageerror", "error"].forEach(function (type) {
        real.addEventListener(type, function (ev) {
          var copy = type === "error" ? new ErrorEvent("error", ev) : new MessageEvent(type, { data: ev.data })
          stub.dispatchEvent(copy)
        })
      })
      queue.splice(0).forEach(function (message) { real.postMessage(message) })
    }
    waiting.push(create)
    return stub
  }

  var append = Node.prototype.appendChild
  Node.prototype.appendChild = function (node) {
    if (!started && node instanceof HTMLScriptElement && INDEX.test(node.src)) {
      var parent = this
      waiting.push(function () { append.call(parent, node) })
      return node
    }
    return append.call(this, node)
  }

  var params = new URLSearchParams(location.search)
  if (params.get("h") || params.get("q")) start()

  function isSearchBox(el) {
    return el instanceof HTMLInputElement && el.matches("[data-md-component=search-query]")
  }
  document.addEventListener("focusin", function (ev) { if (isSearchBox(ev.target)) start() })
  document.addEventListener("change", function (ev) {
    if (ev.target instanceof HTMLInputElement && ev.target.id === "__search" && ev.target.checked) start()
  })
  function read(ev) {
    if (isSearchBox(ev.target) && !ev.isComposing) {
      start()
      ev.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    }
  }
  document.addEventListener("input", read)
  document.addEventListener("compositionend", read) // an input method's last input event is still composing
})()
