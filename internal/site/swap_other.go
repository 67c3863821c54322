//go:build !linux

package site

func swap(staging, out string) error { return swapRenames(staging, out) }
