package corpus

// The word lists the prose is made of: lower-case words of the book's
// subject and of plain English, by part of speech, so that generated
// sentences read like sentences. No word holds punctuation, which keeps
// heading ids the same under goldmark's and Hugo's rules.
var (
	nouns = []string{
		"thread", "process", "core", "scheduler", "queue", "channel", "worker",
		"task", "program", "kernel", "buffer", "lock", "mutex", "goroutine",
		"coroutine", "loop", "event", "request", "server", "client", "socket",
		"disk", "network", "memory", "cache", "page", "file", "stack", "heap",
		"timer", "signal", "pipe", "message", "result", "batch", "job", "counter",
		"machine", "runtime", "interpreter", "system", "library", "function",
		"value", "state", "deadline", "budget", "measurement", "benchmark",
		"chart", "figure", "median", "sample", "author", "reader", "example",
		"model", "pattern", "pool", "limit", "latency", "throughput", "speedup",
		"cost", "switch", "call", "reply", "handler", "callback", "future",
		"promise", "selector", "descriptor", "record", "line", "block", "frame",
		"trace", "profile", "clock", "second", "cycle", "instruction", "register",
		"branch", "path", "route", "step", "stage", "pipeline", "producer",
		"consumer", "owner", "copy", "snapshot", "version", "error", "failure",
		"retry", "timeout", "window", "rate", "order", "answer", "question",
		"idea", "rule", "habit", "contract", "boundary",
		"database", "query", "row", "column", "index", "table", "report",
	}
	verbs = []string{
		"awaits", "blocks", "runs", "schedules", "yields", "resumes",
		"sends", "receives", "reads", "writes", "measures", "shows", "holds",
		"releases", "acquires", "spawns", "joins", "splits", "merges", "returns",
		"calls", "handles", "wakes", "polls", "drains", "fills", "counts",
		"checks", "compares", "repeats", "prints", "records", "keeps", "moves",
		"shares", "copies", "protects", "guards", "limits", "starts", "stops",
		"finishes", "saturates", "overlaps", "interleaves", "preempts",
		"serializes", "costs", "takes", "gives", "needs", "uses", "avoids",
		"explains", "hides", "reaches", "passes", "follows", "replaces",
	}
	adjectives = []string{
		"busy", "idle", "blocking", "parallel", "concurrent", "sequential",
		"shared", "private", "small", "large", "slow", "fast", "cheap",
		"expensive", "single", "second", "first", "last", "whole", "same",
		"other", "next", "previous", "cold", "warm", "noisy", "quiet", "steady",
		"short", "long", "simple", "careful", "honest", "separate", "native",
		"green", "lightweight", "heavy", "bounded", "unbounded", "global",
		"local", "fair", "greedy", "lazy", "eager", "common", "rare", "typical",
		"visible", "hidden", "early", "late", "stale", "fresh", "empty", "full",
	}
	adverbs = []string{
		"quickly", "slowly", "often", "rarely", "again", "together", "alone",
		"already", "still", "never", "always", "usually", "sometimes", "later",
		"meanwhile", "instead", "eventually", "roughly", "exactly", "nearly",
		"only", "simply", "twice", "first", "soon", "anyway", "mostly",
	}
	preps = []string{
		"in", "on", "with", "without", "behind", "before", "after", "during",
		"between", "under", "over", "through", "across", "beside", "for",
		"from", "into", "against", "around", "past", "within", "beyond",
	}
	dets = []string{
		"the", "the", "the", "a", "each", "every", "one", "another", "this",
		"that", "its", "our", "no", "some", "any",
	}
	conjs = []string{
		"while", "because", "when", "until", "so", "but", "and", "although",
		"since", "unless", "once", "whereas",
	}
	// idParts are the pieces identifiers in code are made of.
	idParts = []string{
		"worker", "task", "queue", "batch", "chunk", "result", "item", "job",
		"limit", "count", "total", "delay", "buffer", "event", "lock", "pool",
		"stage", "pipe", "tick", "slot", "page", "block", "frame", "node",
		"shard", "request", "reply", "score", "sample", "window", "span",
		"size", "step", "round", "level", "cost", "budget", "peer", "entry",
	}
	// idVerbs start the names of functions in code.
	idVerbs = []string{
		"run", "collect", "merge", "split", "drain", "fill", "measure",
		"schedule", "spawn", "process", "sum", "count", "send", "receive",
		"build", "check", "load", "store", "flush", "scan", "sort", "pick",
	}
	// strategies name the rows of tables.
	strategies = []string{
		"sequential", "threads-gil", "threads", "goroutines", "processes",
		"event-loop", "green-threads", "coroutines",
	}
)
