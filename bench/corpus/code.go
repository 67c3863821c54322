package corpus

import (
	"fmt"
	"strings"
)

// scope holds the names a generated function has declared, so that its
// statements use variables that exist and declare each name once.
type scope struct {
	vars  []string
	taken map[string]bool
	// once marks statements that may appear once per function.
	once map[string]bool
	// list names the function's list parameter.
	list string
	// pkgs holds the imported packages or modules statements may use.
	pkgs map[string]bool
}

func newScope(pkgs ...string) *scope {
	s := &scope{taken: map[string]bool{}, once: map[string]bool{}, pkgs: map[string]bool{}}
	for _, p := range pkgs {
		s.pkgs[p] = true
	}
	return s
}

// name returns a new name made of one or two parts of idParts, joined as
// Go (taskCount) or as Python and shell (task_count) spell them.
func (g *gen) name(s *scope, snake bool) string {
	for i := 0; ; i++ {
		a, b := g.pick(idParts), ""
		if g.chance(0.6) {
			b = g.pick(idParts)
		}
		n := a
		switch {
		case b != "" && snake:
			n = a + "_" + b
		case b != "":
			n = a + title(b)
		}
		if i > 4 {
			n += fmt.Sprint(i)
		}
		if !s.taken[n] && !goKeywords[n] {
			s.taken[n] = true
			return n
		}
	}
}

// goKeywords are the words a generated name must not be.
var goKeywords = map[string]bool{"range": true, "select": true, "func": true, "map": true}

// v returns one of the declared variables.
func (g *gen) v(s *scope) string { return g.pick(s.vars) }

// stmt writes one statement, as lines indented by ind, and returns the
// variables it declares; nil lines mean it does not apply here.
type stmt func(g *gen, s *scope, ind string) (lines, decls []string)

// fill returns exactly n lines of statements drawn from stmts; single
// holds one-line statements that always apply, to fill the last lines.
func (g *gen) fill(n int, ind string, s *scope, stmts, single []stmt) []string {
	var out []string
	for len(out) < n {
		rem := n - len(out)
		var lines, decls []string
		for range 6 {
			lines, decls = stmts[g.r.IntN(len(stmts))](g, s, ind)
			if lines != nil && len(lines) <= rem {
				break
			}
			lines = nil
		}
		if lines == nil {
			lines, decls = single[g.r.IntN(len(single))](g, s, ind)
		}
		out = append(out, lines...)
		s.vars = append(s.vars, decls...)
	}
	return out
}

// lines splits a template filled by Sprintf into indented lines.
func lines(ind, format string, args ...any) []string {
	text := fmt.Sprintf(format, args...)
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		ls[i] = ind + l
	}
	return ls
}

// goBlock returns a Go source file of 20 to 40 lines: a package clause,
// imports, and one or two functions of loops, conditions, channels and
// goroutines over generated names.
func (g *gen) goBlock() []string {
	n := g.between(20, 40)
	imports := []string{"fmt"}
	for _, p := range []string{"sort", "strings", "sync", "time"} {
		if g.chance(0.5) {
			imports = append(imports, p)
		}
	}
	out := []string{"package " + g.pick(idParts) + "s", ""}
	if len(imports) == 1 {
		out = append(out, `import "fmt"`)
	} else {
		out = append(out, "import (")
		for _, p := range imports {
			out = append(out, "\t"+fmt.Sprintf("%q", p))
		}
		out = append(out, ")")
	}
	out = append(out, "")
	top := newScope()
	if n-len(out) >= 20 && g.chance(0.5) {
		out = append(out, fmt.Sprintf("const %s = %d", g.name(top, false), g.between(2, 4096)), "")
	}
	bodies := []int{n - len(out) - 4}
	if r := n - len(out); r >= 22 {
		b1 := g.between(3, r-12)
		bodies = []int{b1, r - 9 - b1}
	}
	for i, b := range bodies {
		if i > 0 {
			out = append(out, "")
		}
		s := newScope(imports...)
		s.taken = top.taken
		fn := g.pick(idVerbs) + title(g.pick(idParts))
		for s.taken[fn] {
			fn += "s"
		}
		s.taken[fn] = true
		s.list, s.vars = g.name(s, false), []string{g.name(s, false)}
		out = append(out,
			fmt.Sprintf("// %s %s.", fn, strings.Join(g.phrase(g.between(4, 8)), " ")),
			fmt.Sprintf("func %s(%s []int, %s int) int {", fn, s.list, s.vars[0]))
		out = append(out, g.fill(b, "\t", s, goStmts, goSingle)...)
		out = append(out, "\treturn "+g.v(s), "}")
	}
	return out
}

var goSingle = []stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		n := g.name(s, false)
		return lines(ind, "%s := %s * %d", n, g.v(s), g.between(2, 99)), []string{n}
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "%s += %d", g.v(s), g.between(1, 999)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "%s = (%s + %d) %% %d", g.v(s), g.v(s), g.between(1, 99), g.between(2, 97)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, `fmt.Printf("%s %s: %%d\n", %s)`, g.pick(adjectives), g.pick(nouns), g.v(s)), nil
	},
}

var goStmts = append([]stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["time"] || s.once["sleep"] {
			return nil, nil
		}
		s.once["sleep"] = true
		return lines(ind, "time.Sleep(time.Duration(%s) * time.Microsecond)", g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["strings"] {
			return nil, nil
		}
		n := g.name(s, false)
		return lines(ind, `%s := len(strings.Repeat("%s", %s%%%d))`, n, g.pick(nouns), g.v(s), g.between(3, 20)), []string{n}
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["sort"] || s.once["sort"] {
			return nil, nil
		}
		s.once["sort"] = true
		return lines(ind, "sort.Ints(%s)", s.list), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "for i := range %s {\n\t%s += i * %d\n}", g.v(s), g.v(s), g.between(2, 64)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "for _, v := range %s {\n\tif v%%%d == 0 {\n\t\t%s += v\n\t}\n}", s.list, g.between(2, 9), g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "if %s > %d {\n\t%s = %d\n}", g.v(s), g.between(10, 5000), g.v(s), g.between(1, 100)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "switch {\ncase %s < %d:\n\t%s *= %d\ndefault:\n\t%s--\n}",
			g.v(s), g.between(1, 500), g.v(s), g.between(2, 8), g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["sync"] || s.once["wg"] {
			return nil, nil
		}
		s.once["wg"] = true
		return lines(ind, "var wg sync.WaitGroup\nfor w := range %d {\n\twg.Add(1)\n\tgo func(id int) {\n\t\tdefer wg.Done()\n\t\tfmt.Println(%q, id)\n\t}(w)\n}\nwg.Wait()",
			g.between(2, 16), g.pick(nouns)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["sync"] || s.once["mu"] {
			return nil, nil
		}
		s.once["mu"] = true
		return lines(ind, "var mu sync.Mutex\nmu.Lock()\n%s++\nmu.Unlock()", g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		ch := g.name(s, false) + "s"
		return lines(ind, "%s := make(chan int, %d)\ngo func() {\n\tfor i := range %d {\n\t\t%s <- i * %d\n\t}\n\tclose(%s)\n}()\nfor v := range %s {\n\t%s += v\n}",
			ch, g.between(0, 64), g.between(2, 1000), ch, g.between(2, 9), ch, ch, g.v(s)), nil
	},
}, goSingle...)
