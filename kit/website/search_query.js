/* Query preparation and ranking for Material's search worker (kit/website/search_fix.py puts this file in front of
 * the worker at build time; it works through the worker's messages and does not touch Material's code).
 *
 * - A query is searched as typed and with each synonym from the index's config.synonyms (第三方 → 第三者 …).
 * - Digits, Latin letters and Chinese are split apart (12月1日 → 12 月 1 日, word模板 → word 模板): the index holds
 *   them as separate tokens.
 * - Results are ranked: the exact query (or a synonym variant) in a heading, then in the text, then all of its
 *   words close together (within NEAR characters), then all of its words, then the rest; each multiplied by the
 *   page's boost (official text and guidance above the examples).
 *   Sections that contain the exact query but that the word index missed are added.
 */
(function () {
  "use strict"
  var SETUP = 0, QUERY = 2, RESULT = 3 // Material's SearchMessageType
  var TIER = [0, 1, 2, 3, 6] // none, all words, all words close together, exact in the text, exact in the heading
  var NEAR = 12
  var docs = [], byLocation = new Map(), words = new Set(), synonyms = [], separator = /[\s\u200b]+/
  var current = null
  var post = self.postMessage

  function norm(s) {
    return s.normalize("NFKC").toLowerCase().replace(/[\s\u200b]+/g, "")
  }
  function plain(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/\u200b/g, "").replace(/\s+/g, " ").trim()
  }
  function escapeHTML(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c] })
  }
  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  }

  /* The query and its synonym variants, normalised, the query first. */
  function variants(query) {
    var out = [query]
    synonyms.forEach(function (group) {
      var re = new RegExp(group.map(escapeRegExp).join("|"), "g")
      out.slice().forEach(function (v) {
        if (!re.test(v)) return
        group.forEach(function (word) {
          var w = v.replace(re, word)
          if (out.indexOf(w) < 0 && out.length < 12) out.push(w)
        })
      })
    })
    return out
  }

  /* What Material's word index gets: each variant with Chinese, digits and letters apart, punctuation dropped. */
  function forIndex(v) {
    return v.replace(/(\p{sc=Han}+)/gu, " $1 ").replace(/[^\p{L}\p{N}\s]+/gu, " ").trim().replace(/\s+/g, " ")
  }

  /* The words of a variant as the index knows them (longest first), for the "all words" tier. */
  function parts(v) {
    var out = []
    v.split(separator).forEach(function (run) {
      var i = 0
      while (i < run.length) {
        var j = run.length
        while (j > i + 1 && !words.has(run.slice(i, j))) j--
        out.push(run.slice(i, j))
        i = j
      }
    })
    return out.filter(function (p) { return p.length > 0 })
  }

  /* Whether every part occurs within NEAR characters of some occurrence of the first part. */
  function near(text, ps) {
    for (var at = text.indexOf(ps[0]); at >= 0; at = text.indexOf(ps[0], at + 1)) {
      var window = text.slice(Math.max(0, at - NEAR), at + ps[0].length + NEAR)
      if (ps.every(function (p) { return window.indexOf(p) >= 0 })) return true
    }
    return false
  }

  function tier(doc, q) {
    if (q.variants.some(function (v) { return doc.ntitle.indexOf(v) >= 0 })) return 4
    if (q.variants.some(function (v) { return doc.ntext.indexOf(v) >= 0 })) return 3
    var all = q.parts.filter(function (ps) {
      return ps.length > 1 && ps.every(function (p) { return doc.ntitle.indexOf(p) >= 0 || doc.ntext.indexOf(p) >= 0 })
    })
    if (all.some(function (ps) { return near(doc.ntitle, ps) || near(doc.ntext, ps) })) return 2
    return all.length ? 1 : 0
  }

  /* A short text around the first exact match, the match marked. */
  function snippet(doc, q) {
    var text = plain(doc.text)
    for (var i = 0; i < q.patterns.length; i++) {
      var m = q.patterns[i].exec(text)
      if (m) {
        var start = Math.max(0, m.index - 40), end = Math.min(text.length, m.index + m[0].length + 80)
        return "<p>" + (start > 0 ? "…" : "") + escapeHTML(text.slice(start, m.index)) + "<mark>" +
          escapeHTML(m[0]) + "</mark>" + escapeHTML(text.slice(m.index + m[0].length, end)) +
          (end < text.length ? "…" : "") + "</p>"
      }
    }
    return ""
  }

  function prepare(raw) {
    var query = norm(raw)
    var vs = query ? variants(query) : []
    return {
      raw: raw,
      variants: vs,
      parts: vs.map(parts),
      patterns: vs.map(function (v) {
        return new RegExp(Array.from(v).map(escapeRegExp).join("\\s*"), "i")
      })
    }
  }

  function rank(result) {
    var q = current
    if (!q || !q.variants.length) return result
    var top = 0, groups = new Map()
    result.items.forEach(function (items) {
      items.forEach(function (item) { top = Math.max(top, item.score) })
    })
    result.items.forEach(function (items) {
      items.forEach(function (item) {
        var doc = byLocation.get(item.location)
        if (!doc) return
        var t = tier(doc, q)
        if (t === 3) item.text = snippet(doc, q) || item.text
        // Material lists the query's words an item lacks; with synonym variants and Chinese cut into words that
        // list names words the visitor never typed (缺少：第三方 … under a match for 第三者), so it is left out.
        Object.keys(item.terms).forEach(function (k) { if (!item.terms[k]) delete item.terms[k] })
        item.score = doc.boost * (TIER[t] + (top ? item.score / top : 0) + (t === 4 && q.variants.indexOf(doc.ntitle) >= 0 ? 1 : 0))
        var page = item.location.split("#")[0]
        if (!groups.has(page)) groups.set(page, [])
        groups.get(page).push(item)
      })
    })
    docs.forEach(function (doc) { // exact matches the word index missed
      var page = doc.location.split("#")[0]
      var group = groups.get(page)
      if (group && group.some(function (item) { return item.location === doc.location })) return
      var t = tier(doc, q)
      if (t < 3) return
      if (!group) {
        group = []
        groups.set(page, group)
        if (page !== doc.location) {
          var article = byLocation.get(page)
          if (article) group.push({ location: article.location, title: article.title, text: "", score: 0, terms: {} })
        }
      }
      group.push({
        location: doc.location, title: doc.title, text: t === 3 ? snippet(doc, q) : "", tags: doc.tags,
        score: doc.boost * TIER[t] + (q.variants.indexOf(doc.ntitle) >= 0 ? doc.boost : 0), terms: {}
      })
    })
    var ranked = Array.from(groups.values()).map(function (items) {
      return items.sort(function (a, b) { return b.score - a.score })
    })
    ranked.sort(function (a, b) { return b[0].score - a[0].score })
    result.items = ranked
    return result
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data
    if (message.type === SETUP) {
      var config = message.data.config
      synonyms = (config.synonyms || []).map(function (g) { return g.map(norm) })
      separator = new RegExp(config.separator)
      docs = message.data.docs.map(function (doc) {
        var entry = {
          location: doc.location, title: doc.title, text: doc.text, tags: doc.tags, boost: doc.boost || 1,
          ntitle: norm(plain(doc.title)), ntext: norm(plain(doc.text))
        }
        ;(doc.title + " " + doc.text).replace(/<[^>]*>/g, " ").split(separator).forEach(function (w) {
          if (w) words.add(w.toLowerCase())
        })
        return entry
      })
      byLocation = new Map(docs.map(function (d) { return [d.location, d] }))
    } else if (message.type === QUERY) {
      current = prepare(message.data)
      message.data = current.variants.map(forIndex).join(" ")
    }
  })

  self.postMessage = function (message, options) {
    if (message && message.type === RESULT) message.data = rank(message.data)
    return post.call(self, message, options)
  }
})();
