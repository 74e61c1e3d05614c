/* SPDX-License-Identifier: MIT */
/* runner.c - main() for the check programs: TAP on stdout, exit status. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <stdlib.h>

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(make_suite());
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
