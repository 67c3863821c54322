module pysite

go 1.26
