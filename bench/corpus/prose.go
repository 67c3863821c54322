package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// gen draws one chapter's text from its own random source.
type gen struct {
	r *rand.Rand
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// between returns a number in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// word is one word of a sentence with what wraps it: open goes before it,
// close and then punct after it.
type word struct {
	open, text, close, punct string
	noun                     bool
}

// sentence returns k words (k >= 5) that read as a sentence: a subject, a
// verb and an object, then phrases and clauses until the count is exact.
func (g *gen) sentence(k int) []word {
	var ws []word
	add := func(texts ...string) {
		for _, t := range texts {
			ws = append(ws, word{text: t})
		}
	}
	np := func(adj bool) {
		add(g.pick(dets))
		if adj {
			add(g.pick(adjectives))
		}
		add(g.pick(nouns))
		ws[len(ws)-1].noun = true
	}
	rem := k - 5
	subjAdj := rem > 0 && g.chance(0.5)
	if subjAdj {
		rem--
	}
	adv := rem > 0 && g.chance(0.3)
	if adv {
		rem--
	}
	objAdj := rem > 0 && g.chance(0.5)
	if objAdj {
		rem--
	}
	np(subjAdj)
	if adv {
		add(g.pick(adverbs))
	}
	add(g.pick(verbs))
	np(objAdj)
	for rem > 0 {
		switch {
		case rem >= 7 && g.chance(0.4):
			ws[len(ws)-1].punct = ","
			add(g.pick(conjs))
			np(false)
			add(g.pick(verbs))
			np(false)
			rem -= 6
		case rem >= 4 && g.chance(0.5):
			add(g.pick(preps))
			np(true)
			rem -= 4
		case rem >= 3:
			add(g.pick(preps))
			np(false)
			rem -= 3
		case rem == 2:
			add(g.pick(preps), g.pick(nouns))
			rem -= 2
		default:
			add(g.pick(adverbs))
			rem--
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		if ws[i].text == "a" && strings.ContainsRune("aeiou", rune(ws[i+1].text[0])) {
			ws[i].text = "an"
		}
	}
	ws[0].text = strings.ToUpper(ws[0].text[:1]) + ws[0].text[1:]
	ws[len(ws)-1].punct = "."
	return ws
}

// decorate marks up some words of a sentence: inline code, emphasis,
// strong emphasis, a quotation, a possessive. The first word stays plain.
func (g *gen) decorate(ws []word) {
	used := make([]bool, len(ws))
	used[0] = true
	free := func(i, n int) bool {
		for j := i; j < i+n; j++ {
			if j >= len(ws) || used[j] || ws[j].punct != "" && j < i+n-1 {
				return false
			}
		}
		for j := i; j < i+n; j++ {
			used[j] = true
		}
		return true
	}
	at := func(n int) int { return 1 + g.r.IntN(len(ws)-n) }
	if i := at(1); g.chance(0.3) && free(i, 1) {
		ws[i].open, ws[i].text, ws[i].close = "`", g.codeSpan(), "`"
	}
	if i := at(1); g.chance(0.2) && free(i, 1) {
		ws[i].open, ws[i].close = "*", "*"
	}
	if i := at(2); g.chance(0.1) && free(i, 2) {
		ws[i].open, ws[i+1].close = "**", "**"
	}
	if i := at(2); g.chance(0.06) && free(i, 2) {
		ws[i].open, ws[i+1].close = `"`, `"`
	}
	if i := at(1); g.chance(0.1) && ws[i].noun && free(i, 1) {
		ws[i].text += "'s"
	}
}

// link turns two or three words of the sentence into a link to dest,
// and reports whether it found room.
func (g *gen) link(ws []word, dest string) bool {
	n := g.between(2, 3)
	for range 8 {
		i := 1 + g.r.IntN(len(ws)-1)
		if i+n > len(ws) {
			continue
		}
		ok := true
		for j := i; j < i+n; j++ {
			if ws[j].open != "" || ws[j].close != "" || strings.Contains(ws[j].text, "'") || ws[j].punct != "" && j < i+n-1 {
				ok = false
			}
		}
		if ok {
			ws[i].open = "[" + ws[i].open
			ws[i+n-1].close += "](" + dest + ")"
			return true
		}
	}
	return false
}

// paragraph returns a paragraph of exactly budget words (budget >= 5),
// with a link to each of dests, wrapped at about 78 columns.
func (g *gen) paragraph(budget int, dests []string) string {
	var sentences [][]word
	for rem := budget; rem > 0; {
		k := min(g.between(7, 18), rem)
		if rem-k < 5 {
			k = rem
		}
		ws := g.sentence(k)
		g.decorate(ws)
		sentences = append(sentences, ws)
		rem -= k
	}
	for _, d := range dests {
		for range 8 {
			if g.link(sentences[g.r.IntN(len(sentences))], d) {
				break
			}
		}
	}
	var b strings.Builder
	col := 0
	for _, ws := range sentences {
		for _, w := range ws {
			s := w.open + w.text + w.close + w.punct
			switch {
			case col == 0:
			case col+1+len(s) > 78:
				b.WriteByte('\n')
				col = 0
			default:
				b.WriteByte(' ')
				col++
			}
			b.WriteString(s)
			col += len(s)
		}
	}
	return b.String()
}

// phrase returns k plain lower-case words, for list items and headings.
func (g *gen) phrase(k int) []string {
	ws := []string{g.pick(adjectives), g.pick(nouns)}
	for len(ws) < k {
		switch {
		case k-len(ws) >= 2:
			ws = append(ws, g.pick(preps), g.pick(nouns))
		default:
			ws = append(ws, g.pick(adverbs))
		}
	}
	return ws[:k]
}

// codeSpan returns an identifier, flag or setting for inline code.
func (g *gen) codeSpan() string {
	switch g.r.IntN(5) {
	case 0:
		return g.pick(idParts) + "." + title(g.pick(idVerbs)) + title(g.pick(idParts))
	case 1:
		return g.pick(idVerbs) + title(g.pick(idParts)) + "()"
	case 2:
		return fmt.Sprintf("GOMAXPROCS=%d", g.between(1, 64))
	case 3:
		return fmt.Sprintf("-%s=%d", g.pick(idParts), g.between(1, 1000))
	}
	return g.pick(idParts) + "_" + g.pick(idParts)
}

// title returns s with its first letter in upper case.
func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// countWords counts the words of Markdown text: the fields holding a
// letter, so that list markers, table rules and heading marks do not count.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.ContainsFunc(f, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }) {
			n++
		}
	}
	return n
}
