// The html-validate configuration for the whole-site test of cmd/sitegen
// (TestCheckRealSite in check_test.go), which validates every page the
// real site builds. It starts from the strictest presets and turns off or
// tunes only the rules that the site's markup breaks on purpose, each with
// the reason. Everything else, the HTML standard's content models, end
// tags, nesting, duplicate attributes and the doctype among them, stays on.
module.exports = {
  root: true,
  extends: ["html-validate:recommended", "html-validate:document"],
  rules: {
    // Off: whitespace at the end of a line is invisible in markup, and
    // inside <pre> (highlighted code, demo output) it is the content.
    "no-trailing-whitespace": "off",

    // Off: the layouts write <!doctype html>; case does not matter to a
    // browser, only the doctype's presence does (missing-doctype is on).
    "doctype-style": "off",

    // Off: goldmark's GFM tables align columns with align= on <th> and
    // <td>. Its other way is a style= attribute, which the site's
    // Content-Security-Policy (style-src 'self') blocks.
    "no-deprecated-attr": "off",

    // Off: every page has two <nav aria-label="Chapters">, the sidebar for
    // wide screens and the list inside <details> for narrow ones. The
    // stylesheet shows one at a time, and a display:none landmark is not
    // in the accessibility tree, so a reader never meets both.
    "unique-landmark": "off",

    // Off: the search form has no submit button because it searches as
    // one types (theme/static/search.js, which also shows the form; it is
    // hidden without JavaScript).
    "wcag/h32": "off",

    // Off: chroma's tables of line numbers (class lntable) hold <tr>
    // without <tbody>; the parser adds it, so the page reads the same.
    "prefer-tbody": "off",

    // Tuned: the site loads nothing from other origins (sitegen check
    // reports any such resource), so integrity hashes are only asked of
    // cross-origin ones, as the rule's name intends.
    "require-sri": ["error", { target: "crossorigin" }],

    // Tuned: the search results list is named (<ol aria-label="Search
    // results">), which ARIA allows on a list; the default accepts names
    // only on landmarks and widgets.
    "aria-label-misuse": ["error", { allowAnyNamable: true }],

    // Tuned: ids may hold any character but white space. Demo pages name
    // each file's section after the file (id="file-main.go"), and the page
    // of all chapters prefixes ids with the chapter (introduction:why).
    "valid-id": ["error", { relaxed: true }],

    // Tuned: a wide chart table scrolls inside <div role="region"
    // tabindex="0" aria-label="...">, so that a keyboard can scroll it;
    // it is a scroll box, not a section of the document.
    "prefer-native-element": ["error", { exclude: ["region"] }],
  },
};
