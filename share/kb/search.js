// The search box of a knowledge base built by `tier kb build` (tier-kb(1)).
// It reads the prebuilt index in search-index.js (window.TIER_KB_INDEX) and
// needs nothing else: no server, no network. Results are built as DOM nodes
// with their text set as text, never as HTML.
(function () {
  'use strict';

  var index = window.TIER_KB_INDEX;
  var input = document.getElementById('q');
  var results = document.getElementById('results');
  var hits = document.getElementById('hits');
  var status = document.getElementById('status');
  var listing = document.getElementById('listing');
  if (!index || !input || !results || !hits || !status || !listing) return;

  // The characters of words, as tier's index splits them (formats/kb_site.cpp).
  var WORD = /[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u1FFF\u2C00-\u2DFF\u2E80-\u2FFF\u3040-\uD7FF\uD800-\uDFFF\uF900-\uFDFF\uFE70-\uFEFE\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFDC]+/g;

  function asciiLower(s) {
    return s.replace(/[A-Z]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) + 32); });
  }

  // A character of a word, and a mark that joins two words into one
  // between two such characters (core/search.cpp, fold_word).
  var CHAR = WORD.source.slice(0, -1);
  var JOINED = new RegExp('(' + CHAR + ')[\'.\\-\u2010\u2011\u2019](?=' + CHAR + ')', 'g');
  // The Latin-1 letters U+00C0 to U+00FF without their accents ('.': none).
  var LATIN1 = 'aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y';

  // The text as search folds it: "Wi-Fi" is "wifi", "Café" is "cafe".
  function fold(text) {
    return text.replace(/[\u00C0-\u00FF]/g, function (c) {
      var b = LATIN1.charAt(c.charCodeAt(0) - 0xC0);
      return b === '.' ? c : b;
    }).replace(JOINED, '$1');
  }

  // The words of a query as the index has them: folded; one ASCII
  // character alone is no word (formats/kb_site.cpp, site_words).
  function words(text) {
    return (asciiLower(fold(text)).match(WORD) || []).filter(function (w) {
      return w.length > 1 || w.charCodeAt(0) > 127;
    });
  }

  var terms = Object.keys(index.terms).sort();

  // The first term not before `word` (terms are sorted).
  function lowerBound(word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // The articles that have every word of the query, or a word that starts
  // with it, best first: each query word counts once per article, for the
  // best term that starts with it (a whole word scores more, a word of the
  // title, keywords or categories more again).
  function search(query) {
    var qwords = words(query);
    var score = {}, matched = {};
    qwords.forEach(function (w) {
      var best = {};
      for (var i = lowerBound(w); i < terms.length && terms[i].lastIndexOf(w, 0) === 0; i++) {
        var exact = terms[i] === w;
        index.terms[terms[i]].forEach(function (p) {
          var doc = p >> 1;
          var s = (p & 1 ? 3 : 1) + (exact ? 1 : 0);
          if (!(doc in best) || best[doc] < s) best[doc] = s;
        });
      }
      Object.keys(best).forEach(function (doc) {
        score[doc] = (score[doc] || 0) + best[doc];
        matched[doc] = (matched[doc] || 0) + 1;
      });
    });
    return Object.keys(score).map(Number).filter(function (doc) {
      return matched[doc] === qwords.length;
    }).sort(function (a, b) {
      return (score[b] - score[a]) ||
        (index.docs[a].t < index.docs[b].t ? -1 : index.docs[a].t > index.docs[b].t ? 1 : 0);
    });
  }

  function show(query) {
    while (hits.firstChild) hits.removeChild(hits.firstChild);
    if (words(query).length === 0) {
      results.hidden = true;
      listing.hidden = false;
      return;
    }
    var found = search(query).slice(0, 50);
    found.forEach(function (n) {
      var doc = index.docs[n];
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = doc.s + '.html';
      a.textContent = doc.t;
      li.appendChild(a);
      if (doc.e) {
        var p = document.createElement('p');
        p.className = 'excerpt';
        p.textContent = doc.e;
        li.appendChild(p);
      }
      hits.appendChild(li);
    });
    status.textContent = found.length === 0 ? 'No article matches.' :
      found.length === 1 ? '1 article matches.' : found.length + ' articles match.';
    results.hidden = false;
    listing.hidden = true;
  }

  input.addEventListener('input', function () { show(input.value); });
  var form = input.form;
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      show(input.value);
      var first = hits.querySelector('a');
      if (first) first.focus();
    });
  }
  var m = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (m) {
    try {
      input.value = decodeURIComponent(m[1].replace(/\+/g, ' '));
    } catch (err) {
      input.value = '';
    }
  }
  show(input.value);
}());
