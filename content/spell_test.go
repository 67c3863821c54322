package content_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// wordList is the project's own dictionary: one word a line, sorted,
// for names and terms that hunspell's en_US dictionary does not know.
const wordList = "words.txt"

// requireTools reports whether a missing external tool must fail the test
// instead of skipping it; CI sets SITEGEN_REQUIRE_TOOLS=1.
func requireTools() bool { return os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" }

// readWordList returns the words of the list and a description of each
// line that breaks its format: one word a line, sorted, no repeats.
func readWordList(t *testing.T) (map[string]bool, []string) {
	t.Helper()
	src, err := os.ReadFile(wordList)
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	var problems []string
	var prev string
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		w := sc.Text()
		switch {
		case w == "" || strings.ContainsAny(w, " \t"):
			problems = append(problems, fmt.Sprintf("content/%s:%d: want one word a line without spaces, got %q", wordList, n, w))
		case prev != "" && w <= prev:
			problems = append(problems, fmt.Sprintf("content/%s:%d: %q is out of order or repeated after %q", wordList, n, w, prev))
		}
		words[w] = true
		prev = w
	}
	return words, problems
}

func TestWordList(t *testing.T) {
	words, problems := readWordList(t)
	for _, p := range problems {
		t.Error(p)
	}
	if len(words) == 0 {
		t.Errorf("content/%s is empty", wordList)
	}
}

// TestSpelling runs hunspell over the prose of every chapter and reports
// each word that neither the en_US dictionary nor words.txt knows.
func TestSpelling(t *testing.T) {
	hunspell, err := exec.LookPath("hunspell")
	if err == nil {
		err = exec.Command(hunspell, "-d", "en_US", "-l").Run()
	}
	if err != nil {
		msg := "hunspell with the en_US dictionary is needed to check spelling (apt-get install hunspell hunspell-en-us): " + err.Error()
		if requireTools() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	known, _ := readWordList(t)
	for _, ch := range loadChapters(t) {
		t.Run(ch.File, func(t *testing.T) {
			prose := proseLines(strings.Join(ch.lines, "\n"))
			cmd := exec.Command(hunspell, "-d", "en_US", "-l")
			cmd.Stdin = strings.NewReader(strings.Join(prose, "\n"))
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("running hunspell on %s: %v", ch.File, err)
			}
			unknown := unknownWords(t, hunspell, known, string(out))
			for _, w := range unknown {
				re := regexp.MustCompile(`(^|[^\p{L}\p{N}])` + regexp.QuoteMeta(w) + `($|[^\p{L}\p{N}])`)
				found := false
				for i, l := range prose {
					if re.MatchString(l) {
						t.Errorf("%s:%d: unknown word %q (fix it or add it to content/%s)", ch.File, i+1, w, wordList)
						found = true
					}
				}
				if !found {
					t.Errorf("%s: unknown word %q (fix it or add it to content/%s)", ch.File, w, wordList)
				}
			}
		})
	}
}

// unknownWords returns the words of hunspell's output that the word list
// does not know either. A possessive ("runtime's") is known when its base
// word is, by the dictionary or by the list.
func unknownWords(t *testing.T, hunspell string, known map[string]bool, flagged string) []string {
	t.Helper()
	var unknown, bases []string
	for w := range strings.FieldsSeq(flagged) {
		if isKnown(known, w) || slices.Contains(unknown, w) {
			continue
		}
		unknown = append(unknown, w)
		bases = append(bases, possessive.ReplaceAllString(w, ""))
	}
	cmd := exec.Command(hunspell, "-d", "en_US", "-l")
	cmd.Stdin = strings.NewReader(strings.Join(bases, "\n"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running hunspell: %v", err)
	}
	still := strings.Fields(string(out))
	var result []string
	for i, w := range unknown {
		if bases[i] != w && !slices.Contains(still, bases[i]) {
			continue
		}
		result = append(result, w)
	}
	return result
}

var possessive = regexp.MustCompile(`['’]s$`)

// isKnown reports whether the word list knows w, also as the capitalized
// first word of a sentence or with a possessive "'s".
func isKnown(known map[string]bool, w string) bool {
	w = possessive.ReplaceAllString(w, "")
	if known[w] {
		return true
	}
	lower := strings.ToLower(w[:1]) + w[1:]
	return known[lower]
}
