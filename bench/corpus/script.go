package corpus

import (
	"fmt"
	"strings"
)

// pythonBlock returns a Python module of 20 to 40 lines: imports, one or
// two functions of loops, conditions, locks and thread pools, and a main
// guard calling the last function.
func (g *gen) pythonBlock() []string {
	n := g.between(20, 40)
	var mods []string
	for _, m := range []string{"threading", "time", "futures"} {
		if g.chance(0.5) {
			mods = append(mods, m)
		}
	}
	if len(mods) == 0 {
		mods = []string{"time"}
	}
	var out []string
	for _, m := range mods {
		if m == "futures" {
			out = append(out, "from concurrent.futures import ThreadPoolExecutor")
		} else {
			out = append(out, "import "+m)
		}
	}
	out = append(out, "", "")
	top := newScope()
	if n-len(out) >= 20 && g.chance(0.5) {
		out = append(out, fmt.Sprintf("%s = %d", strings.ToUpper(g.name(top, true)), g.between(2, 4096)), "", "")
	}
	// Each function takes its def, docstring and return lines and two
	// blank lines after it; the main guard takes two lines.
	r := n - len(out) - 2
	bodies := []int{r - 5}
	if r >= 22 {
		b1 := g.between(2, r-12)
		bodies = []int{b1, r - 10 - b1}
	}
	var fn string
	for _, b := range bodies {
		s := newScope(mods...)
		s.taken = top.taken
		fn = g.name(s, true)
		if !strings.Contains(fn, "_") {
			fn = g.pick(idVerbs) + "_" + fn
		}
		s.list, s.vars = g.name(s, true), []string{g.name(s, true)}
		out = append(out,
			fmt.Sprintf("def %s(%s, %s=%d):", fn, s.list, s.vars[0], g.between(1, 100)),
			fmt.Sprintf(`    """%s."""`, title(strings.Join(g.phrase(g.between(3, 7)), " "))))
		out = append(out, g.fill(b, "    ", s, pyStmts, pySingle)...)
		out = append(out, "    return "+g.v(s), "", "")
	}
	return append(out, `if __name__ == "__main__":`,
		fmt.Sprintf("    print(%s(list(range(%d)), %d))", fn, g.between(4, 100), g.between(1, 50)))
}

var pySingle = []stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		n := g.name(s, true)
		return lines(ind, "%s = %s * %d", n, g.v(s), g.between(2, 99)), []string{n}
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "%s += %d", g.v(s), g.between(1, 999)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "%s = max(%s, %d)", g.v(s), g.v(s), g.between(1, 999)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, `print(f"%s %s: {%s}")`, g.pick(adjectives), g.pick(nouns), g.v(s)), nil
	},
}

var pyStmts = append([]stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["time"] || s.once["sleep"] {
			return nil, nil
		}
		s.once["sleep"] = true
		return lines(ind, "time.sleep(0.%03d)", g.between(1, 999)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		n := g.name(s, true)
		return lines(ind, "%s = sum(i * %d for i in range(%s))", n, g.between(2, 64), g.v(s)), []string{n}
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "for i in range(%s):\n    %s += i %% %d", g.v(s), g.v(s), g.between(2, 64)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "if %s > %d:\n    %s -= %d", g.v(s), g.between(10, 5000), g.v(s), g.between(1, 100)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "while %s > %d:\n    %s //= 2", g.v(s), g.between(2, 1000), g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "if %s %% %d == 0:\n    %s.append(%s)\nelse:\n    %s.sort()",
			g.v(s), g.between(2, 9), s.list, g.v(s), s.list), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "try:\n    %s = int(%q)\nexcept ValueError:\n    %s = %d",
			g.v(s), fmt.Sprint(g.between(1, 9999)), g.v(s), g.between(0, 9)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["threading"] || s.once["lock"] {
			return nil, nil
		}
		s.once["lock"] = true
		return lines(ind, "lock = threading.Lock()\nwith lock:\n    %s += 1", g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		if !s.pkgs["futures"] {
			return nil, nil
		}
		n := g.name(s, true)
		return lines(ind, "with ThreadPoolExecutor(max_workers=%d) as pool:\n    %s = sum(pool.map(abs, %s))",
			g.between(2, 32), n, s.list), []string{n}
	},
}, pySingle...)

// bashBlock returns a shell script of 20 to 40 lines: settings, one or
// two functions of tests, loops and pipelines, and a loop calling the last.
func (g *gen) bashBlock() []string {
	n := g.between(20, 40)
	top := newScope()
	count := strings.ToUpper(g.name(top, true))
	out := []string{"#!/usr/bin/env bash", "set -euo pipefail", "",
		fmt.Sprintf("%s=%d", count, g.between(2, 12))}
	if g.chance(0.5) {
		out = append(out, fmt.Sprintf("%s=%q", strings.ToUpper(g.name(top, true)), g.pick(nouns)))
	}
	out = append(out, "")
	// Each function takes its name, local and closing lines and one blank
	// line after it; the loop at the end takes three.
	r := n - len(out) - 3
	bodies := []int{r - 4}
	if r >= 22 {
		b1 := g.between(2, r-10)
		bodies = []int{b1, r - 8 - b1}
	}
	var fn string
	for _, b := range bodies {
		s := newScope()
		s.taken = top.taken
		fn = g.pick(idVerbs) + "_" + g.name(s, true)
		s.vars = []string{g.name(s, true)}
		out = append(out, fn+"() {", fmt.Sprintf(`  local %s="$1"`, s.vars[0]))
		out = append(out, g.fill(b, "  ", s, shStmts, shSingle)...)
		out = append(out, "}", "")
	}
	return append(out, fmt.Sprintf(`for i in $(seq 1 "$%s"); do`, count), fmt.Sprintf(`  %s "$i"`, fn), "done")
}

var shSingle = []stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, `echo "%s %s: $%s"`, g.pick(adjectives), g.pick(nouns), g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "%s=$((%s * %d))", g.v(s), g.v(s), g.between(2, 9)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		n := g.name(s, true)
		return lines(ind, "local %s=$((%s + %d))", n, g.v(s), g.between(1, 999)), []string{n}
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, `mkdir -p "%s/$%s"`, g.pick(idParts), g.v(s)), nil
	},
}

var shStmts = append([]stmt{
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "sleep 0.%02d", g.between(1, 99)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		p := g.pick(idParts)
		return lines(ind, `go run ./demos/%s -n "$%s" | tee "%s-$%s.txt" >/dev/null`, p, g.v(s), p, g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, `grep -c "%s" "%s.log" || true`, g.pick(nouns), g.pick(idParts)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "if [ \"$%s\" -gt %d ]; then\n  echo \"%s %s\"\nfi", g.v(s), g.between(1, 500), g.pick(adjectives), g.pick(nouns)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "for f in %s-*.txt; do\n  wc -l \"$f\"\ndone", g.pick(idParts)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "case \"$%s\" in\n  %d) echo \"%s\" ;;\n  *) echo \"%s $%s\" ;;\nesac",
			g.v(s), g.between(1, 9), g.pick(nouns), g.pick(nouns), g.v(s)), nil
	},
	func(g *gen, s *scope, ind string) ([]string, []string) {
		return lines(ind, "while [ \"$%s\" -gt %d ]; do\n  %s=$((%s / 2))\ndone", g.v(s), g.between(1, 100), g.v(s), g.v(s)), nil
	},
}, shSingle...)
