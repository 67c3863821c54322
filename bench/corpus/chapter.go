package corpus

import (
	"fmt"
	"strings"
)

// part is one block of a chapter's body: fixed text, or a paragraph still
// to be written (para) with the links it must hold.
type part struct {
	text  string
	para  bool
	dests []string
}

// write returns the text of chapter i: front matter, then the body laid
// out first with fixed blocks and paragraph slots, whose word budgets then
// bring the chapter to its drawn length.
func write(chapters []chapter, i int, seed int64) string {
	g := newGen(seed, uint64(i)+2)
	ch := &chapters[i]
	n := len(ch.sections)
	order := g.r.Perm(n)
	code := map[int]string{order[0]: "go", order[1]: "python", order[2]: "bash"}
	table, bullets, numbered := g.r.IntN(n), g.r.IntN(n), g.r.IntN(n)

	parts := []part{{para: true}}
	paras := func(k int) {
		for range k {
			parts = append(parts, part{para: true})
		}
	}
	fixed := func(text string) { parts = append(parts, part{text: text}) }
	for j, s := range ch.sections {
		fixed("## " + s.heading.text)
		paras(g.between(1, 2))
		if j == bullets {
			fixed(g.list("- "))
		}
		if j == table {
			paras(1)
			fixed(g.table())
		}
		if lang, ok := code[j]; ok {
			paras(1)
			fixed(g.fence(lang))
		}
		for _, h := range s.subs {
			fixed("### " + h.text)
			paras(g.between(1, 2))
		}
		if j == numbered {
			fixed(g.list("%d. "))
			paras(1)
		}
	}

	var slots []int
	fixedWords := 0
	for k, p := range parts {
		if p.para {
			slots = append(slots, k)
		} else if !strings.HasPrefix(p.text, "```") {
			fixedWords += countWords(p.text)
		}
	}
	if len(chapters) > 1 {
		for range g.between(3, 6) {
			k := slots[g.r.IntN(len(slots))]
			parts[k].dests = append(parts[k].dests, g.linkTo(chapters, i))
		}
	}
	budgets := g.split(g.between(1400, 1600)-fixedWords, len(slots))

	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndescription: %s\nweight: %d\nslug: %s\n---\n",
		ch.title, ch.description, ch.weight, ch.slug)
	for _, p := range parts {
		b.WriteString("\n")
		if p.para {
			p.text = g.paragraph(budgets[0], p.dests)
			budgets = budgets[1:]
		}
		b.WriteString(p.text)
		b.WriteString("\n")
	}
	return b.String()
}

// split divides total words among n paragraphs, unevenly, each at least 5.
func (g *gen) split(total, n int) []int {
	weights := make([]float64, n)
	sum := 0.0
	for k := range weights {
		weights[k] = 0.5 + g.r.Float64()
		sum += weights[k]
	}
	out := make([]int, n)
	used := 0
	for k, w := range weights {
		out[k] = max(5, int(float64(total)*w/sum))
		used += out[k]
	}
	for k := 0; used < total; k = (k + 1) % n {
		out[k]++
		used++
	}
	return out
}

// linkTo returns the destination of a link from chapter i to a heading of
// another chapter: a neighbour half the time, else any chapter.
func (g *gen) linkTo(chapters []chapter, i int) string {
	n := len(chapters)
	j := (i + 1) % n
	switch {
	case g.chance(0.25):
		j = (i + n - 1) % n
	case g.chance(0.5):
		j = (i + 1 + g.r.IntN(n-1)) % n
	}
	var ids []string
	for _, s := range chapters[j].sections {
		ids = append(ids, s.heading.id)
		for _, h := range s.subs {
			ids = append(ids, h.id)
		}
	}
	return chapters[j].file + "#" + g.pick(ids)
}

// list returns a list of three to six items; marker is "- " or "%d. ".
func (g *gen) list(marker string) string {
	var items []string
	for k := range g.between(3, 6) {
		m := marker
		if strings.Contains(m, "%d") {
			m = fmt.Sprintf(marker, k+1)
		}
		item := m + title(strings.Join(g.phrase(g.between(3, 8)), " "))
		if g.chance(0.3) {
			item += " with `" + g.codeSpan() + "`"
		}
		items = append(items, item)
	}
	return strings.Join(items, "\n")
}

// table returns a table of measurements with four to six rows.
func (g *gen) table() string {
	rows := []string{"| Strategy | Workers | Median | Speedup |", "|---|---:|---:|---:|"}
	for _, k := range g.r.Perm(len(strategies))[:g.between(4, 6)] {
		rows = append(rows, fmt.Sprintf("| %s | %d | %.2f s | %.1f× |",
			strategies[k], g.between(1, 16), 0.05+g.r.Float64()*2, 0.5+g.r.Float64()*3))
	}
	return strings.Join(rows, "\n")
}

// fence returns a fenced code block in lang: go, python or bash.
func (g *gen) fence(lang string) string {
	var body []string
	switch lang {
	case "go":
		body = g.goBlock()
	case "python":
		body = g.pythonBlock()
	default:
		body = g.bashBlock()
	}
	return "```" + lang + "\n" + strings.Join(body, "\n") + "\n```"
}
