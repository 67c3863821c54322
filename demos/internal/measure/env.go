package measure

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// stamp describes the machine and the moment of the run.
func stamp() results.Env {
	load, _ := load1()
	return results.Env{
		CPU:        cpuModel(),
		Cores:      runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Go:         runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		Time:       time.Now().UTC().Truncate(time.Second),
		Load1:      load,
	}
}

// cpuModel names the processor: /proc/cpuinfo on Linux, sysctl on macOS and
// the BSDs, the architecture elsewhere.
func cpuModel() string {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			// "model name" on x86, "Model" or "CPU part" elsewhere.
			k, v, ok := strings.Cut(sc.Text(), ":")
			k = strings.TrimSpace(k)
			if ok && (k == "model name" || k == "Model" || k == "cpu model") && strings.TrimSpace(v) != "" {
				return strings.Join(strings.Fields(v), " ")
			}
		}
	}
	if m := sysctlModel(); m != "" {
		return m
	}
	return "unknown " + runtime.GOARCH
}

// load1 returns the one-minute load average.
func load1() (float64, bool) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return sysctlLoad1()
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(f[0], 64)
	return v, err == nil
}
