//go:build !(darwin || freebsd || netbsd || openbsd)

package measure

func sysctlModel() string { return "" }

func sysctlLoad1() (float64, bool) { return 0, false }
