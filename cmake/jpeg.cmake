# dist/condense-jpeg.mjs: the JPEG decoder of condense/image in Node (image/jpeg.mjs) —
# libjpeg-turbo's decompressor, from Debian's source package (fetched at configure time by
# scripts/fetch-debian-source.sh, its upstream tarball checked by sha256), built with the
# project's toolchain without libjpeg-turbo's SIMD code (it has none for wasm), behind the three
# C functions of image/wasm/jpeg-decode.c. It is a standalone module (no Emscripten JS glue),
# embedded as base64 in an ES module so that it travels with any bundle.
enable_language(C)
set(CONDENSE_LJT_VERSION 2.1.5)
set(CONDENSE_LJT_SHA256 254f3642b04e309fee775123133c6464181addc150499561020312ec61c1bf7c)
set(CONDENSE_THIRD_PARTY ${CMAKE_BINARY_DIR}/third_party)
set(CONDENSE_LJT_DIR ${CONDENSE_THIRD_PARTY}/libjpeg-turbo-${CONDENSE_LJT_VERSION})
if(NOT EXISTS ${CONDENSE_LJT_DIR}/.complete)
  execute_process(
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fetch-debian-source.sh libjpeg-turbo
      ${CONDENSE_LJT_VERSION} ${CONDENSE_LJT_SHA256} ${CONDENSE_THIRD_PARTY}
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "libjpeg-turbo ${CONDENSE_LJT_VERSION}: the source could not be fetched (see above)")
  endif()
endif()

# The headers libjpeg-turbo's own CMake would generate, for this build: 8-bit samples,
# arithmetic decoding, the memory source manager, no SIMD, no environment variables.
set(ljt_generated ${CMAKE_BINARY_DIR}/libjpeg-turbo-config)
file(WRITE ${ljt_generated}/jconfig.h
  "#define JPEG_LIB_VERSION 62\n"
  "#define LIBJPEG_TURBO_VERSION ${CONDENSE_LJT_VERSION}\n"
  "#define LIBJPEG_TURBO_VERSION_NUMBER 2001005\n"
  "#define D_ARITH_CODING_SUPPORTED 1\n"
  "#define MEM_SRCDST_SUPPORTED 1\n"
  "#define BITS_IN_JSAMPLE 8\n")
file(WRITE ${ljt_generated}/jconfigint.h
  "#define BUILD \"condense\"\n"
  "#undef inline\n"
  "#define INLINE __inline__ __attribute__((always_inline))\n"
  "#define THREAD_LOCAL\n"
  "#define PACKAGE_NAME \"libjpeg-turbo\"\n"
  "#define VERSION \"${CONDENSE_LJT_VERSION}\"\n"
  "#define SIZEOF_SIZE_T 4\n"
  "#define HAVE_BUILTIN_CTZL\n"
  "#define FALLTHROUGH __attribute__((fallthrough));\n")
set(COPYRIGHT_YEAR 2022)
configure_file(${CONDENSE_LJT_DIR}/jversion.h.in ${ljt_generated}/jversion.h @ONLY)

# The decompressor's part of libjpeg-turbo's JPEG_SOURCES (its CMakeLists.txt), with arithmetic
# decoding and the no-SIMD stubs.
set(ljt_sources jdapimin jdapistd jdatasrc jdcoefct jdcolor jddctmgr jdhuff jdicc jdinput jdmainct
  jdmarker jdmaster jdmerge jdphuff jdpostct jdsample jerror jidctflt jidctfst jidctint jidctred
  jquant1 jquant2 jutils jmemmgr jmemnobs jcomapi jaricom jdarith jsimd_none)
list(TRANSFORM ljt_sources PREPEND ${CONDENSE_LJT_DIR}/)
list(TRANSFORM ljt_sources APPEND .c)

add_executable(condense-jpeg ${CMAKE_CURRENT_SOURCE_DIR}/image/wasm/jpeg-decode.c ${ljt_sources})
target_include_directories(condense-jpeg PRIVATE ${ljt_generated} ${CONDENSE_LJT_DIR})
target_compile_definitions(condense-jpeg PRIVATE NO_GETENV NO_PUTENV)
target_compile_options(condense-jpeg PRIVATE -O3 -Wno-shift-negative-value)
target_link_options(condense-jpeg PRIVATE -O3 --no-entry -sSTANDALONE_WASM=1 -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1048576 -sTOTAL_STACK=262144
  -sMAXIMUM_MEMORY=${CONDENSE_MAX_MEMORY})
set_target_properties(condense-jpeg PROPERTIES SUFFIX ".wasm" RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
add_custom_command(OUTPUT ${CONDENSE_DIST_DIR}/condense-jpeg.mjs
  COMMAND ${CONDENSE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wasm-embed.mjs
    ${CMAKE_BINARY_DIR}/condense-jpeg.wasm ${CONDENSE_DIST_DIR}/condense-jpeg.mjs
    "libjpeg-turbo ${CONDENSE_LJT_VERSION} (IJG and BSD-3-Clause licences: image/wasm/LICENSE-libjpeg-turbo.md)"
  DEPENDS condense-jpeg ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wasm-embed.mjs
  COMMENT "Embedding condense-jpeg.wasm in dist/condense-jpeg.mjs"
  VERBATIM)
add_custom_target(condense-jpeg-module ALL DEPENDS ${CONDENSE_DIST_DIR}/condense-jpeg.mjs)
