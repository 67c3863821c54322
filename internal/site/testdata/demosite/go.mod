module demosite

go 1.26
