/* SPDX-License-Identifier: MIT */
/*
 * date.c - HTTP dates and log timestamps without gmtime() or the TZ
 * database (see date.h and the Helpers section of httpserve.h).
 *
 * All calendar arithmetic is done here on the proleptic Gregorian calendar
 * so the functions are pure, thread-safe and independent of the process's
 * time zone, as Python's datetime arithmetic is.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "http/date.h"
#include "httpserve.h"
#include "http/chars.h"

#include <stddef.h>
#include <time.h>

#define SECS_PER_DAY 86400LL

/* Days of the 400-year Gregorian cycle, and from 0000-03-01 to 1970-01-01. */
#define DAYS_PER_ERA 146097LL
#define EPOCH_SHIFT 719468LL

/* Python's datetime accepts years MINYEAR (1) to MAXYEAR (9999). */
#define PARSE_YEAR_MIN 1
#define PARSE_YEAR_MAX 9999

/* The years "%04d" prints as four digits, both formats' year field. */
#define FORMAT_YEAR_MIN 0
#define FORMAT_YEAR_MAX 9999

static const char *const short_days[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

static const char *const long_days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

static const char *const months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* A proleptic Gregorian date and time of day, all fields plain numbers. */
struct civil {
	long long year;
	int month;	/* 1..12 */
	int day;	/* 1..31 */
	int hour;
	int min;
	int sec;
	int wday;	/* 0 = Sunday */
};

/* The input still to be read by the parser: [p, end). */
struct scan {
	const char *p;
	const char *end;
};

/* Floor division of A by positive B (C division truncates towards zero). */
static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/* Is YEAR a leap year of the Gregorian calendar? */
static int
is_leap(long long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Number of days of MONTH (1..12) in YEAR. */
static int
month_days(long long year, int month)
{
	static const unsigned char len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month == 2 && is_leap(year))
		return 29;
	return len[month - 1];
}

/*
 * Days since 1970-01-01 of YEAR-MONTH-DAY.  The year is counted from March
 * so that the leap day falls at its end; then whole 400-year eras and the
 * days inside one are summed.  Valid for |YEAR| up to about 10^15.
 */
long long
hs_date_days_from_civil(long long year, int month, int day)
{
	long long era, yoe, doy, doe;

	year -= month <= 2;
	era = floor_div(year, 400);
	yoe = year - era * 400;				/* 0..399 */
	doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

/* Convert DAYS since 1970-01-01 to year, month and day: the inverse of
 * hs_date_days_from_civil(), with the same March-based years. */
static void
civil_from_days(long long days, struct civil *c)
{
	long long z, era, doe, yoe, doy, mp;

	z = days + EPOCH_SHIFT;
	era = floor_div(z, DAYS_PER_ERA);
	doe = z - era * DAYS_PER_ERA;			/* 0..146096 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* 0..365 */
	mp = (5 * doy + 2) / 153;			/* 0 = March */
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
	/* 1970-01-01 was a Thursday. */
	c->wday = (int)(days - floor_div(days + 4, 7) * 7 + 4);
}

/* Write V as exactly WIDTH decimal digits at P (V must fit); return the
 * position after them. */
static char *
put_digits(char *p, long long v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Copy the NUL-terminated S to P without its NUL; return the end. */
static char *
put_text(char *p, const char *s)
{
	while (*s != '\0')
		*p++ = *s++;
	return p;
}

/*
 * Format T as Python's email.utils.formatdate(t, usegmt=True) does, the
 * IMF-fixdate of RFC 9110 section 5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT".
 */
size_t
hs_date_time_string(char *buf, size_t size, time_t t)
{
	struct civil c;
	long long days, secs;
	char *p;

	if (size > 0)
		buf[0] = '\0';
	if (size < HS_DATE_LEN + 1)
		return 0;
	/* Split without forming days * SECS_PER_DAY, which would overflow
	 * for times near the minimum of time_t. */
	days = (long long)t / SECS_PER_DAY;
	secs = (long long)t % SECS_PER_DAY;
	if (secs < 0) {
		secs += SECS_PER_DAY;
		days--;
	}
	civil_from_days(days, &c);
	/* "%04d" would print more or signed digits outside this range. */
	if (c.year < FORMAT_YEAR_MIN || c.year > FORMAT_YEAR_MAX)
		return 0;
	p = put_text(buf, short_days[c.wday]);
	p = put_text(p, ", ");
	p = put_digits(p, c.day, 2);
	*p++ = ' ';
	p = put_text(p, months[c.month - 1]);
	*p++ = ' ';
	p = put_digits(p, c.year, 4);
	*p++ = ' ';
	p = put_digits(p, secs / 3600, 2);
	*p++ = ':';
	p = put_digits(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = put_digits(p, secs % 60, 2);
	p = put_text(p, " GMT");
	*p = '\0';
	return HS_DATE_LEN;
}

/*
 * Format TM as BaseHTTPRequestHandler.log_date_time_string() does:
 * "%02d/%3s/%04d %02d:%02d:%02d".  Fields that would make Python print
 * something of another length (or index outside monthname) are refused.
 */
size_t
hs_date_log_string(char *buf, size_t size, const struct tm *tm)
{
	long long year = (long long)tm->tm_year + 1900;
	char *p;

	if (size > 0)
		buf[0] = '\0';
	if (size < HS_LOG_DATE_LEN + 1)
		return 0;
	/* tm_sec may be 60 during a leap second; time.localtime() keeps it. */
	if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > 31 || tm->tm_hour < 0 || tm->tm_hour > 23 ||
	    tm->tm_min < 0 || tm->tm_min > 59 || tm->tm_sec < 0 ||
	    tm->tm_sec > 60 || year < FORMAT_YEAR_MIN ||
	    year > FORMAT_YEAR_MAX)
		return 0;
	p = put_digits(buf, tm->tm_mday, 2);
	*p++ = '/';
	p = put_text(p, months[tm->tm_mon]);
	*p++ = '/';
	p = put_digits(p, year, 4);
	*p++ = ' ';
	p = put_digits(p, tm->tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm->tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm->tm_sec, 2);
	*p = '\0';
	return HS_LOG_DATE_LEN;
}

/* ASCII lower case of C, without the locale that tolower() consults. */
static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Is C an ASCII letter? */
static int
is_alpha(int c)
{
	c = ascii_lower(c);
	return c >= 'a' && c <= 'z';
}

/* Do the LEN bytes at S equal the NUL-terminated WORD, ignoring case? */
static int
word_eq(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (word[i] == '\0' ||
		    ascii_lower((unsigned char)s[i]) != ascii_lower(word[i]))
			return 0;
	}
	return word[len] == '\0';
}

/* Consume the byte C; 0 if it is next, -1 otherwise. */
static int
scan_char(struct scan *sc, char c)
{
	if (sc->p == sc->end || *sc->p != c)
		return -1;
	sc->p++;
	return 0;
}

/* Consume exactly N decimal digits into *V; -1 if they are not there. */
static int
scan_digits(struct scan *sc, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (sc->p == sc->end || *sc->p < '0' || *sc->p > '9')
			return -1;
		*v = *v * 10 + (*sc->p++ - '0');
	}
	return 0;
}

/*
 * Consume a run of letters equal (ignoring case, as Python's parser does)
 * to one of the N words of TABLE; return its index or -1.
 */
static int
scan_word(struct scan *sc, const char *const *table, int n)
{
	const char *start = sc->p;
	int i;

	while (sc->p < sc->end && is_alpha((unsigned char)*sc->p))
		sc->p++;
	for (i = 0; i < n; i++) {
		if (word_eq(start, (size_t)(sc->p - start), table[i]))
			return i;
	}
	return -1;
}

/* Consume a month name into C->month. */
static int
scan_month(struct scan *sc, struct civil *c)
{
	int m = scan_word(sc, months, 12);

	if (m < 0)
		return -1;
	c->month = m + 1;
	return 0;
}

/* Consume the time-of-day of RFC 9110 section 5.6.7: "08:49:37". */
static int
scan_time(struct scan *sc, struct civil *c)
{
	if (scan_digits(sc, 2, &c->hour) != 0 || scan_char(sc, ':') != 0 ||
	    scan_digits(sc, 2, &c->min) != 0 || scan_char(sc, ':') != 0 ||
	    scan_digits(sc, 2, &c->sec) != 0)
		return -1;
	return 0;
}

/* Consume " GMT" (case-insensitive) and require the input to end there. */
static int
scan_gmt_end(struct scan *sc)
{
	if (scan_char(sc, ' ') != 0 || sc->end - sc->p != 3 ||
	    !word_eq(sc->p, 3, "GMT"))
		return -1;
	sc->p = sc->end;
	return 0;
}

/* IMF-fixdate after "Sun,": SP 2DIGIT SP month SP 4DIGIT SP time " GMT". */
static int
parse_imf(struct scan *sc, struct civil *c)
{
	int year;

	if (scan_char(sc, ' ') != 0 || scan_digits(sc, 2, &c->day) != 0 ||
	    scan_char(sc, ' ') != 0 || scan_month(sc, c) != 0 ||
	    scan_char(sc, ' ') != 0 || scan_digits(sc, 4, &year) != 0 ||
	    scan_char(sc, ' ') != 0 || scan_time(sc, c) != 0)
		return -1;
	c->year = year;
	return scan_gmt_end(sc);
}

/*
 * RFC 850 after "Sunday,": SP 2DIGIT "-" month "-" 2DIGIT SP time " GMT".
 * The century follows email.utils._parsedate_tz(), not RFC 9110's "50
 * years in the future" rule: yy > 68 is 19yy, otherwise 20yy.
 */
static int
parse_rfc850(struct scan *sc, struct civil *c)
{
	int yy;

	if (scan_char(sc, ' ') != 0 || scan_digits(sc, 2, &c->day) != 0 ||
	    scan_char(sc, '-') != 0 || scan_month(sc, c) != 0 ||
	    scan_char(sc, '-') != 0 || scan_digits(sc, 2, &yy) != 0 ||
	    scan_char(sc, ' ') != 0 || scan_time(sc, c) != 0)
		return -1;
	c->year = yy > 68 ? 1900 + yy : 2000 + yy;
	return scan_gmt_end(sc);
}

/*
 * asctime after "Sun": SP month SP day SP time SP 4DIGIT, where the day is
 * "SP 1DIGIT" or "2DIGIT" (section 5.6.7); a lone "1DIGIT" is accepted too,
 * as senders often drop the padding.
 */
static int
parse_asctime(struct scan *sc, struct civil *c)
{
	int year, d;

	if (scan_char(sc, ' ') != 0 || scan_month(sc, c) != 0 ||
	    scan_char(sc, ' ') != 0)
		return -1;
	if (scan_char(sc, ' ') == 0) {
		if (scan_digits(sc, 1, &c->day) != 0)
			return -1;
	} else {
		if (scan_digits(sc, 1, &c->day) != 0)
			return -1;
		if (scan_digits(sc, 1, &d) == 0)
			c->day = c->day * 10 + d;
	}
	if (scan_char(sc, ' ') != 0 || scan_time(sc, c) != 0 ||
	    scan_char(sc, ' ') != 0 || scan_digits(sc, 4, &year) != 0 ||
	    sc->p != sc->end)
		return -1;
	c->year = year;
	return 0;
}

/*
 * Read the day name and let it choose the format: "Sun," is IMF-fixdate,
 * "Sunday," RFC 850, "Sun " asctime.  The name is not checked against the
 * date, as Python's email.utils does not check it either.
 */
static int
parse_any(struct scan *sc, struct civil *c)
{
	struct scan save = *sc;

	if (scan_word(sc, short_days, 7) >= 0) {
		if (scan_char(sc, ',') == 0)
			return parse_imf(sc, c);
		return parse_asctime(sc, c);
	}
	*sc = save;
	if (scan_word(sc, long_days, 7) >= 0 && scan_char(sc, ',') == 0)
		return parse_rfc850(sc, c);
	return -1;
}

/* Would Python's datetime() accept C?  It raises ValueError otherwise. */
static int
civil_valid(const struct civil *c)
{
	return c->year >= PARSE_YEAR_MIN && c->year <= PARSE_YEAR_MAX &&
	    c->day >= 1 && c->day <= month_days(c->year, c->month) &&
	    c->hour <= 23 && c->min <= 59 && c->sec <= 59;
}

/* Parse an HTTP-date of RFC 9110 section 5.6.7 from the LEN bytes at S. */
int
hs_parse_http_date(const char *s, size_t len, time_t *t)
{
	struct scan sc;
	struct civil c;
	size_t start = 0, end = len;
	long long v;

	/* The whitespace RFC 9110 section 5.5 trims from field values. */
	hs_trim_ows(s, &start, &end);
	sc.p = s + start;
	sc.end = s + end;
	if (parse_any(&sc, &c) != 0 || !civil_valid(&c))
		return -1;
	v = hs_date_days_from_civil(c.year, c.month, c.day) * SECS_PER_DAY +
	    c.hour * 3600LL + c.min * 60LL + c.sec;
	/* A 32-bit time_t cannot hold every year up to 9999. */
	if ((long long)(time_t)v != v)
		return -1;
	*t = (time_t)v;
	return 0;
}

/* The Date header, formatted once per second. */
const char *
hs_time_cache_http(struct hs_time_cache *c, time_t now)
{
	if (now != c->when || c->text[0] == '\0') {
		if (hs_date_time_string(c->text, sizeof(c->text), now) == 0)
			c->text[0] = '\0';
		c->when = now;
	}
	return c->text;
}

/* log_date_time_string(), formatted once per second. */
const char *
hs_time_cache_log(struct hs_time_cache *c, time_t now)
{
	struct tm tm;

	if (now != c->when || c->text[0] == '\0') {
		if (localtime_r(&now, &tm) == NULL ||
		    hs_date_log_string(c->text, sizeof(c->text), &tm) == 0) {
			c->text[0] = '-';
			c->text[1] = '\0';
		}
		c->when = now;
	}
	return c->text;
}
