# wasm build (CMakePresets.json "wasm", or emcmake): the SIMD and scalar modules shipped in
# dist/, and the Catch2 tests compiled to wasm and run under node through ctest.
set(CONDENSE_DIST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/dist CACHE PATH "where the wasm modules go")
set(CONDENSE_MAX_MEMORY 2147483648 CACHE STRING "wasm memory ceiling in bytes")
# Which modules this tree builds (CMakePresets.json: "wasm" both, "wasm-simd"/"wasm-scalar" one).
# The JS tests load both, so they are registered only when both are built.
set(CONDENSE_WASM_BUILDS "simd;scalar;simd-threads" CACHE STRING
  "wasm modules to build: any of simd, scalar, simd-threads")
foreach(kind ${CONDENSE_WASM_BUILDS})
  if(NOT kind MATCHES "^(simd|scalar|simd-threads)$")
    message(FATAL_ERROR "CONDENSE_WASM_BUILDS: unknown build '${kind}' (simd, scalar, simd-threads)")
  endif()
  string(TOUPPER ${kind} kind_upper)
  condense_add_core(condense_core_${kind} ${kind_upper})
endforeach()

# The scalar module must not contain a single SIMD instruction: checked after every link.
# The post-processing scripts run under the host's node.
find_program(CONDENSE_NODE node NO_CMAKE_FIND_ROOT_PATH REQUIRED)

find_program(CONDENSE_WASM_VALIDATE wasm-validate NO_CMAKE_FIND_ROOT_PATH)
if(NOT CONDENSE_WASM_VALIDATE)
  message(FATAL_ERROR "wasm-validate not found: apt-get install wabt")
endif()

set(CONDENSE_LINK_FLAGS
  -O3
  --bind
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createCondenseModule
  -sENVIRONMENT=web,worker
  -sDYNAMIC_EXECUTION=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=16777216
  -sMAXIMUM_MEMORY=${CONDENSE_MAX_MEMORY}
  -sFILESYSTEM=0
  -sASSERTIONS=0
  -sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,instantiateWasm,print,printErr]
  -sEXPORTED_RUNTIME_METHODS=[]
  -sABORTING_MALLOC=0
  -sMALLOC=emmalloc
  -fno-exceptions
)

# The bindings: the runtime, one file per op slice, and the one EMSCRIPTEN_BINDINGS.
file(GLOB CONDENSE_BINDING_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/bindings/runtime/*.cc ${CMAKE_CURRENT_SOURCE_DIR}/bindings/ops/*.cc)
list(APPEND CONDENSE_BINDING_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bindings/embind.cc)

# The threaded build (SIMD + pthreads over one shared memory): Emscripten 3.1.6's ES6 glue cannot
# run pthreads in Node, so this one is the CommonJS glue (.cjs, loaded with createRequire in Node;
# scripts/wasm-post.mjs derives the browser's ES module from it), plus its worker script. Shared
# memory needs a bounded maximum; the pool's workers are spawned at instantiation, as many as
# Module.condenseThreads - 1 (the loader's choice).
set(CONDENSE_THREADS_LINK_FLAGS
  -O3
  --bind
  -pthread
  -sMODULARIZE=1
  -sEXPORT_NAME=createCondenseThreadsModule
  -sENVIRONMENT=web,worker,node
  -sDYNAMIC_EXECUTION=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=16777216
  -sMAXIMUM_MEMORY=${CONDENSE_MAX_MEMORY}
  -sFILESYSTEM=0
  -sASSERTIONS=0
  "-sPTHREAD_POOL_SIZE=Math.max(0,(Module.condenseThreads|0)-1)"
  -sEXPORTED_FUNCTIONS=[_condense_worker_failed]
  -sEXPORTED_RUNTIME_METHODS=[]
  -sABORTING_MALLOC=0
  -sMALLOC=emmalloc
  -Wno-pthreads-mem-growth
  -fno-exceptions
)

foreach(kind ${CONDENSE_WASM_BUILDS})
  set(target condense-${kind})
  add_executable(${target} ${CONDENSE_BINDING_SOURCES})
  set_source_files_properties(${CONDENSE_BINDING_SOURCES} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS -Oz)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/bindings)
  target_link_libraries(${target} PRIVATE condense_core_${kind})
  target_compile_options(${target} PRIVATE ${CONDENSE_FLAGS} -fno-exceptions)
  if(kind STREQUAL "simd-threads")
    target_link_options(${target} PRIVATE ${CONDENSE_THREADS_LINK_FLAGS})
    set_target_properties(${target} PROPERTIES SUFFIX ".cjs" RUNTIME_OUTPUT_DIRECTORY ${CONDENSE_DIST_DIR})
  else()
    target_link_options(${target} PRIVATE ${CONDENSE_LINK_FLAGS})
    set_target_properties(${target} PROPERTIES SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY ${CONDENSE_DIST_DIR})
  endif()
  if(kind STREQUAL "scalar")
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CONDENSE_WASM_VALIDATE} --disable-simd ${CONDENSE_DIST_DIR}/${target}.wasm
      COMMENT "Checking that ${target}.wasm has no SIMD instruction")
  endif()
  # The glue loses import.meta (the loader hands it the compiled module) and the .wasm gets a
  # custom section naming its build (scripts/wasm-post.mjs says why).
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CONDENSE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wasm-post.mjs glue ${kind} ${CONDENSE_DIST_DIR}
    COMMENT "Post-processing ${target}.mjs and ${target}.wasm")
endforeach()

# dist/condense-inline.mjs: both .wasm files as base64, for the condense/inline entry.
if("simd" IN_LIST CONDENSE_WASM_BUILDS AND "scalar" IN_LIST CONDENSE_WASM_BUILDS)
  add_custom_command(OUTPUT ${CONDENSE_DIST_DIR}/condense-inline.mjs
    COMMAND ${CONDENSE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wasm-post.mjs inline ${CONDENSE_DIST_DIR}
    DEPENDS condense-simd condense-scalar ${CMAKE_CURRENT_SOURCE_DIR}/scripts/wasm-post.mjs
    COMMENT "Embedding both .wasm builds in dist/condense-inline.mjs")
  add_custom_target(condense-inline ALL DEPENDS ${CONDENSE_DIST_DIR}/condense-inline.mjs)
endif()

# dist/condense-jpeg.mjs: the JPEG decoder of condense/image in Node.
include(cmake/jpeg.cmake)

if(CONDENSE_TESTS)
  enable_testing()
  include(cmake/cpp-tests.cmake)
  # The test binaries are CommonJS .js files; the repository's package.json says "module".
  file(WRITE ${CMAKE_BINARY_DIR}/package.json "{ \"type\": \"commonjs\" }\n")
  # The C++ tests run single-threaded, so the threaded build has none of its own: its bits are
  # checked against the SIMD build's by tests/threads.
  foreach(kind ${CONDENSE_WASM_BUILDS})
    if(kind STREQUAL "simd-threads")
      continue()
    endif()
    set(target condense_tests_${kind})
    add_executable(${target} ${CONDENSE_CPP_TEST_SOURCES})
    target_link_libraries(${target} PRIVATE condense_catch_main condense_core_${kind})
    target_compile_options(${target} PRIVATE ${CONDENSE_FLAGS})
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/tests/cpp)
    target_link_options(${target} PRIVATE -O2 -sENVIRONMENT=node -sWASM_ASYNC_COMPILATION=0
      -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2147483648)
    set_target_properties(${target} PROPERTIES CROSSCOMPILING_EMULATOR /usr/bin/node)
    add_test(NAME "wasm-${kind}: catch2" COMMAND ${target} --use-colour no)
  endforeach()
  if("simd" IN_LIST CONDENSE_WASM_BUILDS AND "scalar" IN_LIST CONDENSE_WASM_BUILDS)
    include(cmake/js-tests.cmake)
  else()
    message(STATUS "JS tests not registered: they need both wasm builds (the \"wasm\" preset)")
  endif()
endif()
