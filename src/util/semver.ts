/**
 * The parts of semver this tool uses, loaded from their own modules: `require('semver')` loads
 * all 47 of its files, a measurable share of start-up.
 */
import valid = require('semver/functions/valid');
import coerce = require('semver/functions/coerce');
import compare = require('semver/functions/compare');
import gt = require('semver/functions/gt');
import gte = require('semver/functions/gte');
import lte = require('semver/functions/lte');
import satisfies = require('semver/functions/satisfies');
import validRange = require('semver/ranges/valid');
import intersects = require('semver/ranges/intersects');

const semver = { valid, coerce, compare, gt, gte, lte, satisfies, validRange, intersects };
export default semver;
