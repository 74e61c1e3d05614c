# SPDX-License-Identifier: MIT
# HS_CHECK_CFLAG(FLAG, [ACTION-IF-ACCEPTED], [ACTION-IF-REJECTED])
# ----------------------------------------------------------------
# Compile an empty program with FLAG added to CFLAGS (and -Werror, so a
# compiler that only warns about an unknown flag counts as rejecting it),
# then run the matching action.  The result is cached per flag.
AC_DEFUN([HS_CHECK_CFLAG], [
	AS_VAR_PUSHDEF([hs_cache], [hs_cv_cflag_$1])
	AC_CACHE_CHECK([whether $CC accepts $1], [hs_cache], [
		hs_save_cflags=$CFLAGS
		CFLAGS="$CFLAGS -Werror $1"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
			[AS_VAR_SET([hs_cache], [yes])],
			[AS_VAR_SET([hs_cache], [no])])
		CFLAGS=$hs_save_cflags
	])
	AS_VAR_IF([hs_cache], [yes], [$2], [$3])
	AS_VAR_POPDEF([hs_cache])
])
