package deploy

import (
	"fmt"
	"strings"
)

// Split splits a build command into words as a POSIX shell would, for a
// command that is one simple program call: words separated by blanks,
// 'single' and "double" quotes, backslash escapes, and $NAME or ${NAME}
// expanded through getenv outside single quotes. An expansion is not split
// further into words. Pipes, lists, redirections, command substitution and
// the like are an error: run such a command through a shell instead.
func Split(command string, getenv func(string) string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool
	)
	end := func() {
		if inWord {
			words = append(words, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	for i := 0; i < len(command); i++ {
		c := command[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			end()
		case c == '\'':
			j := strings.IndexByte(command[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("command %q: unterminated '", command)
			}
			cur.WriteString(command[i+1 : i+1+j])
			inWord, i = true, i+1+j
		case c == '"':
			j, err := double(command, i+1, &cur, getenv)
			if err != nil {
				return nil, err
			}
			inWord, i = true, j
		case c == '\\':
			if i+1 < len(command) {
				i++
				cur.WriteByte(command[i])
				inWord = true
			}
		case c == '$':
			n, val, err := expand(command, i, getenv)
			if err != nil {
				return nil, err
			}
			cur.WriteString(val)
			inWord = inWord || val != ""
			i += n - 1
		case strings.IndexByte("|&;<>()`*?[]#~{}", c) >= 0:
			return nil, fmt.Errorf("command %q: %q needs a shell; only a simple program call is supported", command, c)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	end()
	if len(words) == 0 {
		return nil, fmt.Errorf("command %q names no program", command)
	}
	return words, nil
}

// double reads a double-quoted string starting after its opening quote,
// writes its value to cur, and returns the index of the closing quote.
func double(command string, i int, cur *strings.Builder, getenv func(string) string) (int, error) {
	for ; i < len(command); i++ {
		switch c := command[i]; c {
		case '"':
			return i, nil
		case '\\':
			if i+1 < len(command) && strings.IndexByte("$`\"\\\n", command[i+1]) >= 0 {
				i++
			}
			cur.WriteByte(command[i])
		case '$':
			n, val, err := expand(command, i, getenv)
			if err != nil {
				return 0, err
			}
			cur.WriteString(val)
			i += n - 1
		case '`':
			return 0, fmt.Errorf("command %q: command substitution needs a shell", command)
		default:
			cur.WriteByte(c)
		}
	}
	return 0, fmt.Errorf("command %q: unterminated \"", command)
}

// expand reads $NAME or ${NAME} at command[i] and returns its length and value.
func expand(command string, i int, getenv func(string) string) (int, string, error) {
	rest := command[i+1:]
	if strings.HasPrefix(rest, "{") {
		j := strings.IndexByte(rest, '}')
		if j < 0 || !isName(rest[1:j]) {
			return 0, "", fmt.Errorf("command %q: only ${NAME} expansions are supported", command)
		}
		return j + 2, getenv(rest[1:j]), nil
	}
	j := 0
	for j < len(rest) && (rest[j] == '_' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] >= 'a' && rest[j] <= 'z' || j > 0 && rest[j] >= '0' && rest[j] <= '9') {
		j++
	}
	if j == 0 {
		return 0, "", fmt.Errorf("command %q: a $ must start a $NAME expansion", command)
	}
	return j + 1, getenv(rest[:j]), nil
}

// isName reports whether s is a shell variable name.
func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, c := range s {
		if c != '_' && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
